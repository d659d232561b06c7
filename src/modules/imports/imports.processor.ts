import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';

import { requestContext } from '@cascade/common';
import { type ImportJob, JobName, QueueName } from '@cascade/queue';

import { type ImportJobResult, ImportsService } from './imports.service.js';
import { ImportsHistoryService } from './imports-history.service.js';

/** How often the worker deletes the imports never committed within IMPORT_RETENTION_DAYS. */
const PURGE_EVERY_MS = 6 * 3600 * 1000;
const PURGE_SCHEDULER_ID = 'purge-imports';

/** Runs the imports queue's jobs in the worker: checks and commits of large files, and the purge. */
@Processor(QueueName.Imports)
export class ImportsProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly imports: ImportsService,
    private readonly history: ImportsHistoryService,
    @InjectQueue(QueueName.Imports) private readonly queue: Queue,
  ) {
    super();
  }

  /** One schedule however many workers start: BullMQ keeps a scheduler by its id. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      PURGE_SCHEDULER_ID,
      { every: PURGE_EVERY_MS },
      { name: JobName.PurgeImports, data: {}, opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 10 } } },
    );
  }

  async process(job: Job): Promise<ImportJobResult | { purged: number }> {
    const name = job.name as JobName;
    if (name === JobName.PurgeImports) return { purged: await this.history.purgeUncommitted() };
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
