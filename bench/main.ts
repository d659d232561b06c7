import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { DataSource } from 'typeorm';

import { runPendingMigrations, startEmbeddedPostgres } from '@cascade/database';

import { dataSourceOptions } from '../src/data-source.js';
import { hashPassword } from '../src/modules/users/password-policy.js';
import { MARKS_PER_REQUEST } from './attendance-load.js';
import { measureAttendance } from './attendance-run.js';
import { copyCsv, type ExportRun, streamCsv } from './csv-export.js';
import {
  BENCH_OFFICER_EMAIL,
  BENCH_PASSWORD,
  BENCH_TRAINER_EMAIL,
  clearPool,
  countRows,
  isEmpty,
  isSeeded,
  poolSessions,
  seed,
} from './dataset.js';
import { measureDuplicates } from './duplicates-load.js';
import { IMPORT_COUNTRY, IMPORT_ROWS, importRowsPerSecond, measureImport } from './import-load.js';
import { measureProgress, PROGRESS_BREAKDOWNS, PROGRESS_COUNTRY, PROGRESS_FROM, PROGRESS_TO } from './progress.js';
import { fillRegistry } from './registry-fill.js';
import { renderResults, type ResultRow, type Results } from './results.js';
import { freePort, percentile, say, signIn, startServer } from './support.js';

/**
 * `npm run bench`: a throw-away PostgreSQL (or BENCH_DATABASE_URL), a synthetic program of 100 000
 * trainees and a million attendance marks, then three figures, each against the floor PostgreSQL
 * or a bare server sets, and the XLSX import with duplicate detection against goals of its own;
 * prints the table and writes it to bench/RESULTS.md.
 */
const PROGRESS_ROUNDS = Number(process.env.BENCH_PROGRESS_ROUNDS ?? 20);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const LOAD_CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 10);
const LOAD_ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const EXPORT_RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 5);
/**
 * BENCH_ONLY=attendance,csv runs only those parts (of progress, csv, attendance, import). `duplicates`
 * measures the duplicate check, the search and the scan alone, on a registry filled in SQL (the
 * `import` part measures them too, on the registry its import builds).
 */
const PARTS = ['progress', 'csv', 'attendance', 'import', 'duplicates'] as const;
type Part = (typeof PARTS)[number];
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? PARTS.join(','))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);
for (const part of ONLY) {
  if (!(PARTS as readonly string[]).includes(part))
    throw new Error(`BENCH_ONLY: no part ${part} (${PARTS.join(', ')})`);
}
const runs = (part: Part): boolean => ONLY.has(part);
/** Statements the app runs for one roster (see bench/results.ts). */
const APP_STATEMENTS = 2;
const RESULTS_FILE = process.env.BENCH_RESULTS_FILE ?? 'bench/RESULTS.md';

async function main(): Promise<void> {
  const started = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), 'cascade-bench-'));
  // As root, PostgreSQL runs as its own user, which must be able to enter the folder.
  chmodSync(scratch, 0o755);
  const stops: (() => Promise<void>)[] = [];
  try {
    let databaseUrl = process.env.BENCH_DATABASE_URL;
    if (databaseUrl) {
      say('Using BENCH_DATABASE_URL');
    } else {
      say('Starting a throw-away embedded PostgreSQL');
      const database = await startEmbeddedPostgres({
        dir: join(scratch, 'pg'),
        port: await freePort(),
        persistent: false,
        fast: true,
      });
      stops.push(() => database.stop());
      databaseUrl = database.url;
    }

    const dataSource = new DataSource(dataSourceOptions(databaseUrl));
    await dataSource.initialize();
    const applied = await runPendingMigrations(dataSource);
    await dataSource.destroy();
    say(`Migrations applied: ${applied.length}`);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    stops.unshift(() => client.end());
    if (await isSeeded(client)) {
      say('The benchmark data is already there: reusing it');
    } else if (!(await isEmpty(client))) {
      throw new Error('BENCH_DATABASE_URL holds other data: give the benchmark an empty database of its own.');
    } else {
      say('Building the synthetic dataset in SQL');
      const seedStarted = performance.now();
      await seed(client, await hashPassword(BENCH_PASSWORD), say);
      say(`Dataset built in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    }
    // A reused database keeps the marks an earlier run's load wrote: start from the seeded state.
    await clearPool(client);
    const sizes = await countRows(client);
    say(
      `Dataset: ${sizes.trainees.toLocaleString('en')} trainees, ${sizes.events.toLocaleString('en')} events, ` +
        `${sizes.attendanceMarks.toLocaleString('en')} attendance marks`,
    );

    const app = await startServer('app', {
      BENCH_SERVER_DATABASE_URL: databaseUrl,
      BENCH_SERVER_JWT_SECRET: randomBytes(36).toString('base64'),
    });
    stops.unshift(() => app.stop());
    say(`The app listens on ${app.url}`);
    const officer = await signIn(app.url, BENCH_OFFICER_EMAIL, BENCH_PASSWORD);
    const trainer = await signIn(app.url, BENCH_TRAINER_EMAIL, BENCH_PASSWORD);
    const rows: ResultRow[] = [];

    // (a) The progress report.
    let progress: Awaited<ReturnType<typeof measureProgress>> | undefined;
    if (runs('progress')) {
      say(
        `(a) GET /reports/progress, ${PROGRESS_ROUNDS} rounds of ${PROGRESS_BREAKDOWNS.length} breakdowns, against its SQL`,
      );
      // The report's two queries run side by side in the app (two pool connections): so here too.
      const second = new pg.Client({ connectionString: databaseUrl });
      await second.connect();
      stops.unshift(() => second.end());
      progress = await measureProgress(app.url, officer, [client, second], PROGRESS_ROUNDS);
      rows.push(
        {
          figure: 'Progress report p50 (ms)',
          ours: percentile(progress.overall.api, 50),
          baseline: percentile(progress.overall.sql, 50),
          goal: '≤ 1.3×',
          met: (ratio) => ratio <= 1.3,
        },
        {
          figure: 'Progress report p95 (ms)',
          ours: percentile(progress.overall.api, 95),
          baseline: percentile(progress.overall.sql, 95),
          goal: '≤ 1.3×',
          met: (ratio) => ratio <= 1.3,
        },
      );
    }

    // (b) A million rows as CSV; best of five each, in turns (each turn's ratio is listed too).
    let exports: Results['exports'];
    if (runs('csv')) {
      say(`(b) CSV export of ${sizes.attendanceMarks.toLocaleString('en')} attendance marks: stream vs COPY`);
      const streamed: ExportRun[] = [];
      const copied: ExportRun[] = [];
      for (let run = 0; run < EXPORT_RUNS; run++) {
        streamed.push(await streamCsv(databaseUrl, join(scratch, 'stream.csv')));
        say(`  stream: ${(streamed[run].ms / 1000).toFixed(2)} s, RSS +${streamed[run].rssGrowthMb.toFixed(1)} MB`);
        copied.push(await copyCsv(databaseUrl, join(scratch, 'copy.csv')));
        say(
          `  COPY:   ${(copied[run].ms / 1000).toFixed(2)} s (${(streamed[run].ms / copied[run].ms).toFixed(2)}× this turn)`,
        );
      }
      rmSync(join(scratch, 'stream.csv'), { force: true });
      rmSync(join(scratch, 'copy.csv'), { force: true });
      const best = (all: ExportRun[]) => all.reduce((a, b) => (b.ms < a.ms ? b : a));
      const stream = best(streamed);
      const copy = best(copied);
      exports = {
        stream,
        copy,
        rssGrowthMb: streamed.map((run) => run.rssGrowthMb),
        runs: streamed.map((run, i) => ({ stream: run, copy: copied[i] })),
      };
      rows.push(
        {
          figure: `CSV export of ${stream.rows.toLocaleString('en')} rows (s)`,
          ours: stream.ms / 1000,
          baseline: copy.ms / 1000,
          goal: '≤ 2×',
          met: (ratio) => ratio <= 2,
        },
        {
          figure: 'CSV export RSS growth (MB)',
          ours: Math.max(...streamed.map((run) => run.rssGrowthMb)),
          baseline: null,
          goal: '< 64 MB',
          met: (_ratio, ours) => ours < 64,
        },
      );
    }

    // (c) Bulk attendance under load.
    let load: Results['load'];
    if (runs('attendance')) {
      const pool = await poolSessions(client);
      say(
        `(c) PUT /sessions/:id/attendance, ${MARKS_PER_REQUEST} marks a request over ${pool.length} sessions, ` +
          `${LOAD_CONNECTIONS} connections, ${LOAD_SECONDS} s each side`,
      );
      const { rows: trainerRows } = await client.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [
        BENCH_TRAINER_EMAIL,
      ]);
      const baseline = await startServer('baseline', {
        BENCH_SERVER_DATABASE_URL: databaseUrl,
        BENCH_SERVER_MARKED_BY: trainerRows[0].id,
      });
      stops.unshift(() => baseline.stop());
      const baselineMany = await startServer('baseline', {
        BENCH_SERVER_DATABASE_URL: databaseUrl,
        BENCH_SERVER_MARKED_BY: trainerRows[0].id,
        BENCH_SERVER_STATEMENTS: String(APP_STATEMENTS),
      });
      stops.unshift(() => baselineMany.stop());
      load = await measureAttendance({
        client,
        app,
        trainer,
        baseline,
        baselineMany,
        pool,
        connections: LOAD_CONNECTIONS,
        seconds: LOAD_SECONDS,
        rounds: LOAD_ROUNDS,
        statements: APP_STATEMENTS,
      });
      rows.push({
        figure: `Bulk attendance (requests/s, ${MARKS_PER_REQUEST} marks each)`,
        ours: load.app.requestsPerSecond,
        baseline: load.baseline.requestsPerSecond,
        goal: '≥ 0.5×',
        met: (ratio) => ratio >= 0.5,
      });
    }

    // (d) The XLSX import with duplicate detection, last: it adds trainees the other figures would count.
    let imports: Results['imports'];
    let duplicates: Results['duplicates'];
    if (runs('import')) {
      say(
        `(d) XLSX import of ${IMPORT_ROWS.toLocaleString('en')} trainees into ${IMPORT_COUNTRY}, with duplicate detection`,
      );
      const { rows: officerRows } = await client.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [
        BENCH_OFFICER_EMAIL,
      ]);
      imports = await measureImport(client, databaseUrl, scratch, officerRows[0].id, say, async () => {
        say(`  duplicate check, search and scan on the registry of ${IMPORT_COUNTRY}`);
        const appData = new DataSource(dataSourceOptions(databaseUrl));
        await appData.initialize();
        try {
          duplicates = await measureDuplicates(client, appData, app.url, officer, IMPORT_COUNTRY, say);
        } finally {
          await appData.destroy();
        }
      });
      rows.push(
        {
          figure: `XLSX import of ${imports.measured.rows.toLocaleString('en')} trainees with dedupe (rows/s)`,
          ours: importRowsPerSecond(imports.measured),
          baseline: null,
          goal: '≥ 5,000',
          met: (_ratio, ours) => ours >= 5000,
        },
        {
          figure: 'XLSX import peak RSS (MB)',
          ours: imports.measured.peakRssMb,
          baseline: null,
          goal: '< 512 MB',
          met: (_ratio, ours) => ours < 512,
        },
      );
    }
    if (runs('duplicates') && !runs('import')) {
      say(`(e) Duplicate check, search and scan on the registry of ${IMPORT_COUNTRY}, filled in SQL`);
      const { rows: officerRows } = await client.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [
        BENCH_OFFICER_EMAIL,
      ]);
      await fillRegistry(client, officerRows[0].id, say);
      const appData = new DataSource(dataSourceOptions(databaseUrl));
      await appData.initialize();
      try {
        duplicates = {
          ...(await measureDuplicates(client, appData, app.url, officer, IMPORT_COUNTRY, say)),
          filledInSql: true,
        };
      } finally {
        await appData.destroy();
      }
    }
    if (duplicates) {
      rows.push(
        {
          figure: `Registration duplicate check p95, ${duplicates.registrySize.toLocaleString('en')} in the country (ms)`,
          ours: percentile(duplicates.registration, 95),
          baseline: null,
          goal: '< 50 ms',
          met: (_ratio, ours) => ours < 50,
        },
        {
          figure: 'Trainee name search p95 (ms)',
          ours: percentile(duplicates.search, 95),
          baseline: null,
          goal: '< 50 ms',
          met: (_ratio, ours) => ours < 50,
        },
        {
          figure: `Registry-wide scan of ${duplicates.scannedTrainees.toLocaleString('en')} trainees (s)`,
          ours: duplicates.scanSeconds,
          baseline: null,
          goal: '≤ 60 s',
          met: (_ratio, ours) => ours <= 60,
        },
      );
    }

    const markdown = renderResults({
      rows,
      machine: {
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: totalmem() / 2 ** 30,
        node: process.version,
        postgres: (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version,
        load: process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'embedded, fsync off',
      },
      sizes,
      progress: progress && {
        country: PROGRESS_COUNTRY,
        from: PROGRESS_FROM,
        to: PROGRESS_TO,
        rounds: PROGRESS_ROUNDS,
        byBreakdown: progress.byBreakdown,
      },
      exports,
      load,
      imports,
      duplicates,
      seconds: (performance.now() - started) / 1000,
    });
    await writeFile(RESULTS_FILE, markdown);
    process.stdout.write(`\n${markdown}\n`);
    say(`Written to ${RESULTS_FILE}`);
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error(error));
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
