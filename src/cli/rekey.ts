import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { loadEnvironment } from '@cascade/config';

import { resolveDatabase, runMain, StartupError } from '../bootstrap.js';
import { dataSourceOptions } from '../data-source.js';
import { rekeyTrainees } from '../modules/trainees/rekey.js';

const USAGE = 'Usage: rekey [--batch-size <rows>]';

/**
 * `npm run rekey`: recomputes the keys derived from trainees' names (duplicate detection's
 * name_key and patronymic_key) by today's function, on DATABASE_URL or the embedded PostgreSQL,
 * in batches, printing its progress. Safe to run while the app runs, and to run again.
 */
runMain(async () => {
  const batchSize = parseBatchSize(process.argv.slice(2));
  const env = loadEnvironment();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const database = await resolveDatabase(env, say);
  const dataSource = new DataSource(dataSourceOptions(database.url));
  try {
    await dataSource.initialize();
    if (await dataSource.showMigrations()) {
      throw new StartupError('There are pending migrations: run `npm run migration:run` first.');
    }
    const started = performance.now();
    const done = await rekeyTrainees(dataSource, {
      batchSize,
      onBatch: ({ scanned, changed }) => say(`  ${scanned} trainees read, ${changed} keys rewritten`),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Rekeyed: ${done.scanned} trainees read, ${done.changed} keys rewritten in ${seconds} s.`);
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
  process.exit(0);
});

function parseBatchSize(args: string[]): number {
  if (args.length === 0) return 5000;
  const [flag, value] = args;
  const size = Number(value);
  if (flag !== '--batch-size' || args.length !== 2 || !Number.isInteger(size) || size < 1 || size > 100_000) {
    throw new StartupError(`${USAGE} (1 to 100000 rows, 5000 when left out)`);
  }
  return size;
}
