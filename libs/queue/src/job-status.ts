import type { Job, JobState } from 'bullmq';

export type JobStatusState = JobState | 'unknown';

/** What a client polling a job is told. */
export interface JobStatus {
  id: string;
  queue: string;
  name: string;
  state: JobStatusState;
  progress: number | object;
  attemptsMade: number;
  result: unknown;
  failedReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * A job as its poller sees it. The job's fields and its state are two reads: when the job finished
 * between them, the fields are read again so a completed job never shows without its result.
 */
export async function describeJob(job: Job, reload: () => Promise<Job | undefined>): Promise<JobStatus> {
  const state = await job.getState();
  if ((state === 'completed' || state === 'failed') && !job.finishedOn) job = (await reload()) ?? job;
  return {
    id: String(job.id),
    queue: job.queueName,
    name: job.name,
    state,
    progress: job.progress as number | object,
    attemptsMade: job.attemptsMade,
    result: state === 'completed' ? (job.returnvalue as unknown) : null,
    failedReason: state === 'failed' ? (job.failedReason ?? null) : null,
    createdAt: new Date(job.timestamp).toISOString(),
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}
