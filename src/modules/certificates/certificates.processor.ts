import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';

import { requestContext } from '@cascade/common';
import { type CompleteEventJob, JobName, QueueName, WORKER_OPTIONS } from '@cascade/queue';

import { type CompletionResult, CompletionService } from './completion.service.js';

/** Runs the certificates queue's jobs in the worker process. */
@Processor(QueueName.Certificates, WORKER_OPTIONS)
export class CertificatesProcessor extends WorkerHost {
  constructor(private readonly completion: CompletionService) {
    super();
  }

  async process(job: Job): Promise<CompletionResult> {
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
      default:
        throw new UnrecoverableError(`The ${QueueName.Certificates} queue does not run ${name} jobs`);
    }
  }
}
