import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';

import { requestContext } from '@cascade/common';
import { type ImportJob, JobName, QueueName } from '@cascade/queue';

import { type ImportJobResult, ImportsService } from './imports.service.js';

/** Runs the imports queue's jobs in the worker: checks and commits of large files. */
@Processor(QueueName.Imports)
export class ImportsProcessor extends WorkerHost {
  constructor(private readonly imports: ImportsService) {
    super();
  }

  async process(job: Job): Promise<ImportJobResult> {
    const name = job.name as JobName;
    const payload = job.data as ImportJob;
    // Progress is rows done of the file's rows (estimated until checked).
    const rowsTotal = await this.imports.rowCountOf(payload.importId);
    const progress = (rowsDone: number) => job.updateProgress({ rowsDone, rowsTotal: Math.max(rowsTotal, rowsDone) });
    const run = (step: () => Promise<ImportJobResult>) =>
      requestContext.run(`job:${job.queueName}:${job.id}`, () => {
        requestContext.setActor(payload.requestedBy);
        return step();
      });
    switch (name) {
      case JobName.CheckImport:
        return run(() => this.imports.runCheck(payload, progress));
      case JobName.CommitImport:
        return run(() => this.imports.runCommit(payload, progress));
      default:
        throw new UnrecoverableError(`The ${QueueName.Imports} queue does not run ${name} jobs`);
    }
  }
}
