import 'reflect-metadata';

import { readFile } from 'node:fs/promises';

import { DataSource, type Logger } from 'typeorm';

import { dataSourceOptions } from '../src/data-source.js';
import { importXlsxEndToEnd } from '../src/modules/imports/import-bench.js';

/**
 * One XLSX import of trainees, end to end (the dry run with duplicate detection, stored, committed),
 * in a process of its own so its peak resident memory is the import's alone: the kernel's high-water
 * mark (getrusage's maxrss), not a sample. Tells its parent the figures over IPC.
 * argv: database URL, actor id, country code, file path.
 */
export interface ImportRun {
  rows: number;
  trainees: number;
  /** Rows the check found registry candidates for. */
  registryDuplicateRows: number;
  checkMs: number;
  commitMs: number;
  peakRssMb: number;
  /** The process's resident memory before it read the file (Node.js, TypeORM and the app's modules). */
  startRssMb: number;
}

async function main(): Promise<void> {
  const [databaseUrl, actorId, countryCode, path] = process.argv.slice(2);
  // BENCH_SLOW_MS=<ms>: the import's statements slower than this are written to stderr, with their time.
  const slowMs = Number(process.env.BENCH_SLOW_MS ?? 0);
  const dataSource = new DataSource({
    ...dataSourceOptions(databaseUrl),
    ...(slowMs > 0 ? { maxQueryExecutionTime: slowMs, logger: slowQueryLogger } : {}),
  });
  await dataSource.initialize();
  try {
    const startRssMb = process.memoryUsage.rss() / 2 ** 20;
    const content = await readFile(path);
    const run = await importXlsxEndToEnd(dataSource, { actorId, countryCode, content, fileName: 'bench-import.xlsx' });
    const result: ImportRun = {
      rows: run.rows,
      trainees: run.result.trainees,
      registryDuplicateRows: run.registryDuplicateRows,
      checkMs: run.checkMs,
      commitMs: run.commitMs,
      // maxRSS is in kilobytes.
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      startRssMb,
    };
    process.send?.(result);
  } finally {
    await dataSource.destroy();
  }
}

const slowQueryLogger: Logger = {
  logQuery: () => undefined,
  logQueryError: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
  logQuerySlow: (time, query) =>
    console.error(`  slow statement, ${time} ms: ${query.replace(/\s+/g, ' ').slice(0, 160)}`),
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
