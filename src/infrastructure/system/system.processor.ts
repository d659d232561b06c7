import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';

import { JobName, QueueName, WORKER_OPTIONS } from '@cascade/queue';

import { type DataInventory, DataInventoryService } from './data-inventory.service.js';

/** Runs the system queue's jobs in the worker process. */
@Processor(QueueName.System, WORKER_OPTIONS)
export class SystemProcessor extends WorkerHost {
  constructor(private readonly inventory: DataInventoryService) {
    super();
  }

  async process(job: Job): Promise<DataInventory> {
    const name = job.name as JobName;
    switch (name) {
      case JobName.DataInventory: {
        const result = await this.inventory.compute();
        await job.updateProgress(100);
        return result;
      }
      default:
        throw new UnrecoverableError(`The ${QueueName.System} queue does not run ${name} jobs`);
    }
  }
}
