import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';

import { JobName, QueueName, type SendMessageJob, WORKER_OPTIONS } from '@cascade/queue';

import { MessageDelivery } from './message-delivery.js';
import type { MessageStatus } from './outbox-message.js';

/** Runs the messages queue's jobs in the worker: one delivery a job. */
@Processor(QueueName.Messages, WORKER_OPTIONS)
export class MessagesProcessor extends WorkerHost {
  constructor(private readonly delivery: MessageDelivery) {
    super();
  }

  async process(job: Job): Promise<{ status: MessageStatus }> {
    const name = job.name as JobName;
    if (name !== JobName.SendMessage) {
      throw new UnrecoverableError(`The ${QueueName.Messages} queue does not run ${name} jobs`);
    }
    const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return { status: await this.delivery.deliver((job.data as SendMessageJob).messageId, lastTry) };
  }
}
