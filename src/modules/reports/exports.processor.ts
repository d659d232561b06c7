import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';

import { requestContext } from '@cascade/common';
import { type ExportProgressReportJob, JobName, QueueName } from '@cascade/queue';

import type { ExportResultDto } from './dto/progress-export.dto.js';
import { ExportsService } from './exports.service.js';

/** Runs the exports queue's jobs in the worker process. */
@Processor(QueueName.Exports)
export class ExportsProcessor extends WorkerHost {
  constructor(private readonly exports: ExportsService) {
    super();
  }

  async process(job: Job): Promise<ExportResultDto> {
    const name = job.name as JobName;
    switch (name) {
      case JobName.ExportProgressReport: {
        const payload = job.data as ExportProgressReportJob;
        return requestContext.run(`job:${job.queueName}:${job.id}`, () => {
          requestContext.setActor(payload.requestedBy);
          return this.exports.run(String(job.id), payload);
        });
      }
      default:
        throw new UnrecoverableError(`The ${QueueName.Exports} queue does not run ${name} jobs`);
    }
  }
}
