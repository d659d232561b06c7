import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

import { csvSafeSql } from '@cascade/common';
import { csvCopyStream } from '@cascade/database';

/**
 * Every attendance mark with its session, event, country and trainee: the one export of a million
 * rows the data allows. The app has no such export, so the benchmark runs this query through the
 * app's own CSV path, `csvCopyStream` (libs/database/src/csv-copy.ts, as the trainee list export
 * uses it): PostgreSQL writes the CSV, the process adds the byte-order mark and the header and
 * passes the bytes on to a file; text cells are made formula-safe in the query (`csvSafeSql`).
 */
export const EXPORT_SQL = `SELECT m.id AS mark_id, e.country_code, s.event_id, m.session_id, s.date AS session_date,
       m.trainee_id, m.status, m.marked_at
  FROM attendance_marks m
  JOIN training_sessions s ON s.id = m.session_id
  JOIN training_events e ON e.id = s.event_id`;

const COLUMNS = [
  'mark_id',
  'country_code',
  'event_id',
  'session_id',
  'session_date',
  'trainee_id',
  'status',
  'marked_at',
];

/** The export's query as the app would write it: its text cells formula-safe. */
const APP_EXPORT_SQL = `SELECT mark_id, ${csvSafeSql('country_code::text')}, event_id, session_id, session_date,
       trainee_id, ${csvSafeSql('status::text')}, marked_at
  FROM (${EXPORT_SQL}) mark`;

const WRITE_BUFFER = 256 * 1024;

export interface ExportRun {
  ms: number;
  bytes: number;
  rows: number;
  rssGrowthMb: number;
}

/** Samples the process's resident memory while `work` runs; the growth over the start, in MB. */
async function withRss<T>(work: () => Promise<T>): Promise<{ result: T; rssGrowthMb: number; ms: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, rssGrowthMb: (peak - before) / 2 ** 20, ms: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

export async function streamCsv(databaseUrl: string, path: string): Promise<ExportRun> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rssGrowthMb, ms } = await withRss(async () => {
      let ended: (error: Error | null) => void = () => undefined;
      const finished = new Promise<Error | null>((resolve) => (ended = resolve));
      const file = csvCopyStream(client, APP_EXPORT_SQL, COLUMNS, (error) => ended(error));
      // Lines are small: a larger buffer writes them in fewer system calls.
      await pipeline(file, createWriteStream(path, { highWaterMark: WRITE_BUFFER }));
      const error = await finished;
      if (error) throw error;
    });
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM attendance_marks`);
    return { ms, bytes: (await stat(path)).size, rows: Number(rows[0].count), rssGrowthMb };
  } finally {
    await client.end();
  }
}

/** The same query through COPY … TO STDOUT (CSV, header), written to a file: PostgreSQL's own floor. */
export async function copyCsv(databaseUrl: string, path: string): Promise<ExportRun> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rssGrowthMb, ms } = await withRss(async () => {
      const source = client.query(copyTo(`COPY (${EXPORT_SQL}) TO STDOUT WITH (FORMAT csv, HEADER)`));
      await pipeline(source, createWriteStream(path));
    });
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM attendance_marks`);
    return { ms, bytes: (await stat(path)).size, rows: Number(rows[0].count), rssGrowthMb };
  } finally {
    await client.end();
  }
}
