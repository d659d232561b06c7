import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';

import { requestContext } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { type ExportProgressReportJob, jobKey, JobName, QueueName, WORKER_OPTIONS } from '@cascade/queue';

import type { ExportResultDto } from './dto/progress-export.dto.js';
import { ExportsService } from './exports.service.js';

/** Runs the exports queue's jobs in the worker process. */
@Processor(QueueName.Exports, WORKER_OPTIONS)
export class ExportsProcessor extends WorkerHost {
  constructor(
    private readonly exports: ExportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job): Promise<ExportResultDto> {
    const name = job.name as JobName;
    switch (name) {
      case JobName.ExportProgressReport: {
        const payload = job.data as ExportProgressReportJob;
        return requestContext.run(`job:${job.queueName}:${job.id}`, () => {
          requestContext.setActor(payload.requestedBy);
          return this.exports.run(jobKey(this.config, job), payload);
        });
      }
      default:
        throw new UnrecoverableError(`The ${QueueName.Exports} queue does not run ${name} jobs`);
    }
  }
}
