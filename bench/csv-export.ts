import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

import { stringify } from 'csv-stringify';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';

import { csvSafe } from '@cascade/common';

/**
 * Every attendance mark with its session, event, country and trainee: the one export of a million
 * rows the data allows. The app has no such export yet, so this is a streaming exporter built the
 * way the app writes CSV (csv-stringify with a byte-order mark, text cells made formula-safe by
 * the app's csvSafe, written to a file) fed by a pg-query-stream cursor, never the whole result.
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

/**
 * Rows a cursor fetches per round trip: 1 000 keeps memory flat (the stream holds one batch ahead);
 * 2 500–5 000 saved a few tenths of a second here but took the RSS growth to 45–100 MB.
 */
const BATCH_SIZE = 1_000;

const WRITE_BUFFER = 256 * 1024;

/** Values are kept in PostgreSQL's text form (as COPY writes them): no Date objects made and printed again. */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

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
    let rows = 0;
    const { rssGrowthMb, ms } = await withRss(async () => {
      const source = client.query(
        new QueryStream(EXPORT_SQL, [], { batchSize: BATCH_SIZE, rowMode: 'array', types: TEXT_TYPES }),
      );
      // The app's csvSafe as csv-stringify's cast for text: no extra stream stage, no copy of each row.
      const csv = stringify({
        bom: true,
        header: true,
        columns: COLUMNS,
        cast: { string: (value) => String(csvSafe(value)) },
      });
      csv.on('record', () => rows++);
      // Lines are small: a larger buffer writes them in fewer system calls.
      await pipeline(source, csv, createWriteStream(path, { highWaterMark: WRITE_BUFFER }));
    });
    return { ms, bytes: (await stat(path)).size, rows, rssGrowthMb };
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
