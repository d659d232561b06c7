import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';

import { requestContext } from '@cascade/common';
import {
  type CompleteEventJob,
  JobName,
  QueueName,
  type RemindExpiringCertificatesJob,
  WORKER_OPTIONS,
} from '@cascade/queue';

import { CertificateRemindersService, type ReminderRun } from './certificate-reminders.service.js';
import { type CompletionResult, CompletionService } from './completion.service.js';

/** Every day at 06:00 UTC, the expiry reminders are written (a missed day is caught up the next). */
const REMINDERS_PATTERN = '0 6 * * *';
const REMINDERS_SCHEDULER_ID = 'remind-expiring-certificates';

/** Runs the certificates queue's jobs in the worker process. */
@Processor(QueueName.Certificates, WORKER_OPTIONS)
export class CertificatesProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly completion: CompletionService,
    private readonly reminders: CertificateRemindersService,
    @InjectQueue(QueueName.Certificates) private readonly queue: Queue,
  ) {
    super();
  }

  /** One schedule however many workers start: BullMQ keeps a scheduler by its id. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REMINDERS_SCHEDULER_ID,
      { pattern: REMINDERS_PATTERN, tz: 'UTC' },
      {
        name: JobName.RemindExpiringCertificates,
        data: {},
        opts: { removeOnComplete: { count: 30 }, removeOnFail: { count: 30 } },
      },
    );
  }

  async process(job: Job): Promise<CompletionResult | ReminderRun> {
    const name = job.name as JobName;
    switch (name) {
      case JobName.CompleteEvent: {
        const payload = job.data as CompleteEventJob;
        // The audit log names who asked for the run, and the job as the "request".
        return requestContext.run(`job:${job.queueName}:${job.id}`, () => {
          requestContext.setActor(payload.requestedBy);
          return this.completion.completeEvent(payload, (done, total) => job.updateProgress({ done, total }));
        });
      }
      case JobName.RemindExpiringCertificates: {
        const { now } = job.data as RemindExpiringCertificatesJob;
        return this.reminders.remindExpiring(now ? new Date(now) : new Date());
      }
      default:
        throw new UnrecoverableError(`The ${QueueName.Certificates} queue does not run ${name} jobs`);
    }
  }
}
