import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';

import { JobName, QueueName, type SendFollowUpWavesJob, WORKER_OPTIONS } from '@cascade/queue';

import { type FollowUpRun, FollowUpWavesService } from './follow-up-waves.service.js';

/** Every day at 07:00 UTC the due waves and reminders are written (a missed day is caught up the next). */
const WAVES_PATTERN = '0 7 * * *';
const WAVES_SCHEDULER_ID = 'send-follow-up-waves';

/** Runs the follow-up queue's jobs in the worker process. */
@Processor(QueueName.FollowUp, WORKER_OPTIONS)
export class FollowUpProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly waves: FollowUpWavesService,
    @InjectQueue(QueueName.FollowUp) private readonly queue: Queue,
  ) {
    super();
  }

  /** One schedule however many workers start: BullMQ keeps a scheduler by its id. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      WAVES_SCHEDULER_ID,
      { pattern: WAVES_PATTERN, tz: 'UTC' },
      {
        name: JobName.SendFollowUpWaves,
        data: {},
        opts: { removeOnComplete: { count: 30 }, removeOnFail: { count: 30 } },
      },
    );
  }

  async process(job: Job): Promise<FollowUpRun> {
    const name = job.name as JobName;
    if (name !== JobName.SendFollowUpWaves) {
      throw new UnrecoverableError(`The ${QueueName.FollowUp} queue does not run ${name} jobs`);
    }
    const { now } = job.data as SendFollowUpWavesJob;
    return this.waves.run(now ? new Date(now) : new Date());
  }
}
