import { createPostgresBackend, type Job, setDefaultBackendFactory, type WorkerOptions } from 'bullmq';

import type { AppConfig } from '@cascade/config';

export type QueueBackend = 'postgres' | 'redis';

export function queueBackendOf(config: AppConfig): QueueBackend {
  return config.env.REDIS_URL ? 'redis' : 'postgres';
}

export interface QueueBackendOptions {
  connection: object;
  /** The Redis key prefix; the PostgreSQL backend namespaces by schema instead, within `connection`. */
  prefix?: string;
}

/**
 * The lock and stall timings of every processor's Worker: `@Processor(queue, WORKER_OPTIONS)`.
 * @nestjs/bullmq reads a processor's worker options when the module starts, after
 * configureQueueBackend has filled this in from the environment; like the backend, it is a
 * process-wide setting.
 */
export const WORKER_OPTIONS: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval'> = {};

/**
 * A job's id is a counter per queue, namespace and backend: this key names the job across them
 * (several Cascades or parallel test files on one database, a move from PostgreSQL to Redis), for
 * records a job leaves behind.
 */
export function jobKey(config: AppConfig, job: Pick<Job, 'id'>): string {
  return `${queueBackendOf(config)}:${config.env.QUEUE_NAMESPACE}:${String(job.id)}`;
}

/**
 * Points BullMQ at Redis when REDIS_URL is set, else at the application's PostgreSQL through
 * BullMQ's PostgreSQL backend. The backend is a process-wide BullMQ setting, so this must run
 * before any Queue or Worker is built; it returns the matching connection options, namespaced
 * by QUEUE_NAMESPACE.
 */
export function configureQueueBackend(config: AppConfig): QueueBackendOptions {
  const namespace = config.env.QUEUE_NAMESPACE;
  WORKER_OPTIONS.lockDuration = config.env.QUEUE_LOCK_DURATION_MS;
  WORKER_OPTIONS.stalledInterval = config.env.QUEUE_STALLED_INTERVAL_MS;
  if (queueBackendOf(config) === 'redis') {
    setDefaultBackendFactory();
    const url = new URL(config.env.REDIS_URL as string);
    const connection = {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      // Workers block on Redis; BullMQ requires unlimited retries for those connections.
      maxRetriesPerRequest: null,
    };
    return { connection, prefix: namespace };
  }
  setDefaultBackendFactory(createPostgresBackend);
  return { connection: { connectionString: config.databaseUrl, schema: namespace, migrate: true } };
}
