import { getQueueToken } from '@nestjs/bullmq';
import { HttpStatus, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';

import { AppException } from '@cascade/common';
import { describeJob, type JobName, type JobPayloads, type JobStatus, QUEUE_OF_JOB, QueueName } from '@cascade/queue';

import { JobsErrorCode } from './jobs-error-code.js';

/** Starts jobs on the right queue and reports on them; the one door to BullMQ for features. */
@Injectable()
export class JobsService {
  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<{ queue: QueueName; jobId: string }> {
    const queue = QUEUE_OF_JOB[name];
    const job = await this.queue(queue).add(name, payload);
    return { queue, jobId: String(job.id) };
  }

  async status(queueName: QueueName, id: string): Promise<JobStatus> {
    const job = await this.queue(queueName).getJob(id);
    if (!job) throw new AppException(HttpStatus.NOT_FOUND, JobsErrorCode.JobNotFound, { queue: queueName, id });
    return describeJob(job);
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
