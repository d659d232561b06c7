import 'reflect-metadata';

import Fastify from 'fastify';
import pg from 'pg';

import { loadEnvironment } from '@cascade/config';

import { createApi, listen } from '../src/bootstrap.js';

/**
 * A server under load runs in a process of its own, so the load generator does not share its
 * event loop: `app` is the real API (src/bootstrap.ts), `baseline` a bare Fastify route writing
 * the same attendance rows with one statement. Tells its parent the address over IPC when ready.
 */

const mode = process.argv[2];
const databaseUrl = process.env.BENCH_SERVER_DATABASE_URL ?? '';
const port = Number(process.env.BENCH_SERVER_PORT);

/** The app's own statement for a roster (AttendanceService.upsertMarks): one insert, idempotent. */
const UPSERT_MARKS = `INSERT INTO attendance_marks AS m (id, session_id, trainee_id, status, note, marked_by_id, marked_at)
  SELECT mark.id, $1, mark.trainee_id, mark.status::attendance_status, mark.note, $2, mark.marked_at
    FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[])
         AS mark (id, trainee_id, status, note, marked_at)
  ON CONFLICT (session_id, trainee_id) DO UPDATE
     SET status = EXCLUDED.status, note = EXCLUDED.note, marked_by_id = EXCLUDED.marked_by_id,
         marked_at = EXCLUDED.marked_at, recorded_at = now()
   WHERE m.marked_at < EXCLUDED.marked_at
  RETURNING m.id`;

interface Mark {
  id: string;
  traineeId: string;
  status: string;
  note?: string;
  markedAt: string;
}

async function startBaseline(): Promise<{ url: string; close: () => Promise<void> }> {
  const markedBy = process.env.BENCH_SERVER_MARKED_BY ?? '';
  // For the figure that explains the gap: as many round trips as the app makes, all but one trivial.
  const statements = Number(process.env.BENCH_SERVER_STATEMENTS ?? 1);
  // The same pool size as the app's DataSource (src/data-source.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const server = Fastify();
  server.put<{ Params: { sessionId: string }; Body: { marks: Mark[] } }>(
    '/sessions/:sessionId/attendance',
    async (request) => {
      const { marks } = request.body;
      const client = await pool.connect();
      try {
        for (let i = 1; i < statements; i++) await client.query('SELECT 1');
      } finally {
        client.release();
      }
      const { rowCount } = await pool.query(UPSERT_MARKS, [
        request.params.sessionId,
        markedBy,
        marks.map((m) => m.id),
        marks.map((m) => m.traineeId),
        marks.map((m) => m.status),
        marks.map((m) => m.note ?? null),
        marks.map((m) => m.markedAt),
      ]);
      return { sessionId: request.params.sessionId, applied: rowCount };
    },
  );
  const url = await server.listen({ port, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      await server.close();
      await pool.end();
    },
  };
}

async function startApp(): Promise<{ url: string; close: () => Promise<void> }> {
  const env = loadEnvironment({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    JWT_SECRET: process.env.BENCH_SERVER_JWT_SECRET ?? '',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    SIGN_IN_IP_LIMIT_PER_MINUTE: '10000',
    QUEUE_NAMESPACE: 'bench',
  });
  const api = await createApi({ env, databaseUrl });
  const url = await listen(api, env);
  return { url, close: () => api.close() };
}

const started = mode === 'app' ? startApp() : mode === 'baseline' ? startBaseline() : undefined;
if (!started) throw new Error(`usage: servers.js app|baseline (got ${mode})`);
started.then(
  (server) => {
    process.send?.({ url: server.url });
    process.once('SIGTERM', () => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
