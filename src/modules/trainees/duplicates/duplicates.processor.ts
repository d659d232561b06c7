import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';

import { requestContext } from '@cascade/common';
import { JobName, QueueName, type ScanDuplicatesJob, WORKER_OPTIONS } from '@cascade/queue';

import type { ScanProgress } from './duplicate-scan.js';
import { DuplicateScansService } from './duplicate-scans.service.js';

/** Runs the duplicates queue's jobs in the worker: the registry-wide scans. */
@Processor(QueueName.Duplicates, WORKER_OPTIONS)
export class DuplicatesProcessor extends WorkerHost {
  constructor(private readonly scans: DuplicateScansService) {
    super();
  }

  async process(job: Job): Promise<ScanProgress> {
    const name = job.name as JobName;
    switch (name) {
      case JobName.ScanDuplicates: {
        const payload = job.data as ScanDuplicatesJob;
        return requestContext.run(`job:${job.queueName}:${job.id}`, () => {
          requestContext.setActor(payload.requestedBy);
          return this.scans.run(payload, (progress) => job.updateProgress({ ...progress }));
        });
      }
      default:
        throw new UnrecoverableError(`The ${QueueName.Duplicates} queue does not run ${name} jobs`);
    }
  }
}
