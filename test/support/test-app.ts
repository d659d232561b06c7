import { randomUUID } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';

import { type AppConfig, loadEnvironment } from '@cascade/config';
import { runPendingMigrations } from '@cascade/database';

import { createApi, createWorker } from '../../src/bootstrap.js';
import { dataSourceOptions } from '../../src/data-source.js';

/** Known to the tests, so they can forge tokens the way an attacker with the key could. */
export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error('TEST_DATABASE_URL is not set: run the tests through jest, whose globalSetup starts PostgreSQL.');
  return url;
}

/**
 * Test files run in parallel on one database: each file's queues live in a namespace of their own,
 * so a worker started by one file never takes a job another file's worker was configured for.
 */
const QUEUE_NAMESPACE = `test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

/** The configuration a test app runs with: the test database, quiet logs, and any overrides. */
export function testConfig(overrides: Record<string, string> = {}, databaseUrl = testDatabaseUrl()): AppConfig {
  const env = loadEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    // Every test signs in from 127.0.0.1: only the throttling test lowers this.
    SIGN_IN_IP_LIMIT_PER_MINUTE: '10000',
    QUEUE_NAMESPACE,
    ...overrides,
  });
  return { env, databaseUrl };
}

/** Applies every migration, as the demo and the docker entrypoint do; safe from parallel test files. */
export async function migrate(databaseUrl = testDatabaseUrl()): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    await runPendingMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export interface TestApp {
  api: NestFastifyApplication;
  dataSource: DataSource;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The real HTTP API on a migrated database, answering in-process requests (no port). */
export async function startTestApp(config: AppConfig = testConfig()): Promise<TestApp> {
  await migrate(config.databaseUrl);
  const api = await createApi(config);
  await api.init();
  await api.getHttpAdapter().getInstance().ready();
  return {
    api,
    dataSource: api.get(DataSource),
    request: (options) => api.inject(options),
    close: () => api.close(),
  };
}

/** The real worker process's module, running its queue processors in this process. */
export async function startTestWorker(config: AppConfig = testConfig()): Promise<INestApplicationContext> {
  const worker = await createWorker(config);
  await worker.init();
  return worker;
}
