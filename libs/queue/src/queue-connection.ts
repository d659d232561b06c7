import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';

import type { AppConfig } from '@cascade/config';

export type QueueBackend = 'postgres' | 'redis';

export function queueBackendOf(config: AppConfig): QueueBackend {
  return config.env.REDIS_URL ? 'redis' : 'postgres';
}

/**
 * Points BullMQ at Redis when REDIS_URL is set, else at the application's PostgreSQL through
 * BullMQ's PostgreSQL backend. The backend is a process-wide BullMQ setting, so this must run
 * before any Queue or Worker is built; it returns the matching connection options.
 */
export function configureQueueBackend(config: AppConfig): object {
  if (queueBackendOf(config) === 'redis') {
    setDefaultBackendFactory();
    const url = new URL(config.env.REDIS_URL as string);
    return {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      // Workers block on Redis; BullMQ requires unlimited retries for those connections.
      maxRetriesPerRequest: null,
    };
  }
  setDefaultBackendFactory(createPostgresBackend);
  return { connectionString: config.databaseUrl, migrate: true };
}
