import { getQueueToken } from '@nestjs/bullmq';
import { HttpStatus, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';

import { type AuthUser, Role } from '@cascade/auth';
import { AppException } from '@cascade/common';
import {
  describeJob,
  JOB_OPTIONS,
  type JobName,
  type JobPayloads,
  type JobRequest,
  type JobStatus,
  QUEUE_OF_JOB,
  QueueName,
} from '@cascade/queue';

import { JobsErrorCode } from './jobs-error-code.js';

/** Starts jobs on the right queue and reports on them; the one door to BullMQ for features. */
@Injectable()
export class JobsService {
  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * `jobId` makes the job unique: adding one whose id is already queued (or kept) returns that one.
   * Tries and pauses are the job's own (JOB_OPTIONS) where it has them, else the queue's defaults.
   */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: { jobId?: string } = {},
  ): Promise<{ queue: QueueName; jobId: string }> {
    const queue = QUEUE_OF_JOB[name];
    const job = await this.queue(queue).add(name, payload, { ...JOB_OPTIONS[name], ...options });
    return { queue, jobId: String(job.id) };
  }

  /** A job's status, for the user who started it (or an admin); anyone else is told it does not exist. */
  async status(user: AuthUser, queueName: QueueName, id: string): Promise<JobStatus> {
    const queue = this.queue(queueName);
    const job = await queue.getJob(id);
    const requestedBy = (job?.data as Partial<JobRequest> | undefined)?.requestedBy;
    if (!job || (user.role !== Role.Admin && requestedBy !== user.id)) {
      throw new AppException(HttpStatus.NOT_FOUND, JobsErrorCode.JobNotFound, { queue: queueName, id });
    }
    return describeJob(job, () => queue.getJob(id));
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
