import 'reflect-metadata';

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { loadEnvironment } from '@cascade/config';
import { runPendingMigrations } from '@cascade/database';

import { createApi, listen, resolveDatabase, runMain } from '../bootstrap.js';
import { dataSourceOptions } from '../data-source.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../demo/demo-data.js';
import { CertificatesService } from '../modules/certificates/certificates.service.js';

/**
 * `npm run demo`: the embedded PostgreSQL (unless DATABASE_URL is set), pending migrations,
 * the demo data, then the worker (a child process, as in production) and the API. Ctrl-C
 * stops all of it, PostgreSQL last.
 */
runMain(async () => {
  const started = performance.now();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  // Readable logs by default: a demo runs in a terminal, not under a log collector.
  const env = loadEnvironment({ LOG_PRETTY: 'true', ...process.env });
  const database = await resolveDatabase(env, say);

  const dataSource = new DataSource(dataSourceOptions(database.url));
  await dataSource.initialize();
  const applied = await runPendingMigrations(dataSource);
  const seeded = await seedDemoData(dataSource);
  await dataSource.destroy();
  say(
    `Migrations applied: ${applied.length}; demo data added: ${seeded.countriesAdded} countries, ` +
      `${seeded.regionsAdded} regions, ${seeded.organizationsAdded} organizations, ${seeded.usersAdded} users, ` +
      `${seeded.training.trainers} trainers, ${seeded.training.courses} courses, ${seeded.training.events} events, ` +
      `${seeded.training.trainees} trainees, ${seeded.training.attendanceMarks} attendance marks.`,
  );

  const worker = startWorker(database.url);
  const api = await createApi({ env, databaseUrl: database.url });
  const url = await listen(api, env);
  await startCompletionJobs(api, seeded.training.completedEventIds, say);

  say(
    [
      '',
      `Cascade is running at ${url}  (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      `  API documentation  ${url}/api/docs`,
      `  Health             ${url}/health`,
      `  Countries          ${url}/countries`,
      env.DATABASE_URL
        ? '  Database           DATABASE_URL'
        : `  Database           embedded PostgreSQL in ${env.EMBEDDED_PG_DIR}`,
      `  Queue              ${env.REDIS_URL ? 'Redis (REDIS_URL)' : 'BullMQ on the same PostgreSQL'}`,
      '',
      `Demo sign-ins (password for all: ${DEMO_PASSWORD}), e.g. POST ${url}/auth/sign-in`,
      ...DEMO_USERS.map(
        (user) => `  ${user.email.padEnd(38)} ${user.role.padEnd(16)} ${user.countries.join(', ') || 'all countries'}`,
      ),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  return async () => {
    await api.close();
    await stopWorker(worker);
    await database.stop();
  };
});

function startWorker(databaseUrl: string): ChildProcess {
  const script = fileURLToPath(new URL('../worker.js', import.meta.url));
  return spawn(process.execPath, [script], {
    stdio: 'inherit',
    env: { ...process.env, LOG_PRETTY: process.env.LOG_PRETTY ?? 'true', DATABASE_URL: databaseUrl },
  });
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = once(worker, 'exit');
  // A Ctrl-C in the terminal has already reached the worker too; SIGTERM covers a kill of the demo alone.
  worker.kill('SIGTERM');
  const killer = setTimeout(() => worker.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

/**
 * The demo's past events are decided by the same job as any other: the worker completes their
 * enrolments by the course rules and issues the certificates, in the background.
 */
async function startCompletionJobs(api: INestApplication, eventIds: string[], say: (line: string) => void) {
  if (eventIds.length === 0) return;
  const [admin] = await api
    .get(DataSource)
    .query<{ id: string }[]>(`SELECT id FROM users WHERE email = 'admin@demo.cascade.test'`);
  const certificates = api.get(CertificatesService);
  for (const eventId of eventIds) await certificates.eventCompleted(eventId, admin.id);
  say(`Issuing certificates for ${eventIds.length} completed events in the background.`);
}
