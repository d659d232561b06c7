import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// jest's moduleNameMapper does not apply here, so this imports the source file itself.
import { type RunningDatabase, startEmbeddedPostgres } from '../libs/database/src/embedded-postgres.ts';

declare global {
  var cascadeTestServices: { database: RunningDatabase; redis?: ChildProcess } | undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the services the e2e tests run against: a throw-away embedded PostgreSQL, and a
 * redis-server when one is installed (CI installs it) for the queue tests' second pass.
 */
export default async function globalSetup(): Promise<void> {
  const parent = mkdtempSync(join(tmpdir(), 'cascade-test-'));
  // As root, PostgreSQL runs as its own user, which must be able to enter the folder.
  chmodSync(parent, 0o755);
  const database = await startEmbeddedPostgres({
    dir: join(parent, 'pg'),
    port: await freePort(),
    persistent: false,
    fast: true,
  });
  process.env.TEST_DATABASE_URL = database.url;
  globalThis.cascadeTestServices = { database, redis: await startRedis() };
}

async function startRedis(): Promise<ChildProcess | undefined> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    if (process.env.CI)
      throw new Error('redis-server is not installed: .ci/run installs it for the Redis queue tests.');
    process.stderr.write('\nredis-server not found: the queue tests run on the PostgreSQL backend only.\n');
    return undefined;
  }
  const port = await freePort();
  const redis = spawn('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await new Promise<void>((resolve, reject) => {
    redis.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    redis.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve();
    });
  });
  process.env.TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
  return redis;
}
