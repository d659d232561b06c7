import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

import { parse } from 'csv-parse/sync';
import { Client } from 'pg';

import { Role } from '@cascade/auth';
import type { AppConfig } from '@cascade/config';
import { translate } from '@cascade/i18n';
import { jobKey } from '@cascade/queue';

import { createCountry } from '../factories/countries.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { builtScript, exited, ROOT, until, waitForOutput } from '../support/processes.js';
import { startTestApp, type TestApp, testConfig } from '../support/test-app.js';

type Headers = Record<string, string>;

const backends: [string, Record<string, string>][] = [['PostgreSQL', {}]];
if (process.env.TEST_REDIS_URL) backends.push(['Redis', { REDIS_URL: process.env.TEST_REDIS_URL }]);

const period = { from: '2025-01-01', to: '2025-12-31' };
const breakdowns = ['none', 'sex', 'profession'];

/** The built worker (`node dist/src/worker.js`), as production runs it, with the test's configuration. */
async function startWorker(config: AppConfig): Promise<ChildProcess> {
  const env = Object.fromEntries(
    Object.entries(config.env)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
  const child = spawn(process.execPath, [builtScript('src/worker.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  await waitForOutput(child, 'Cascade worker running');
  return child;
}

/**
 * A report export whose worker is SIGKILLed mid-way is taken back once its lock lapses, run again by
 * another worker, and completes; nothing of the killed attempt is ever served or stays behind.
 *
 * To kill the worker at a known point without a sleep in the code, the test holds, in an open
 * transaction, a report_exports row with the job's key: the worker writes its file, then waits on
 * that key's unique index to insert it with its row. Killed there, its insert dies with its
 * connection, and it leaves an active job whose lock (QUEUE_LOCK_DURATION_MS, shortened here) lapses.
 */
describe.each(backends)('a report export whose worker is killed, on the %s backend', (_backend, overrides) => {
  let app: TestApp;
  let config: AppConfig;
  let country: string;
  let officer: { id: string; headers: Headers };
  let admin: Headers;
  const workers: ChildProcess[] = [];

  const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);
  /** The officer's exports any process can see: committed rows only. */
  const recordedExports = async () =>
    (
      await sql<{ n: number }[]>('SELECT count(*)::int AS n FROM report_exports WHERE requested_by = $1', [officer.id])
    )[0].n;

  beforeAll(async () => {
    config = testConfig({
      ...overrides,
      // Long enough that a blocked worker still renews its lock on a loaded CI machine (at 2 s, one
      // run saw the job taken back as stalled while the worker waited), short enough to lapse soon.
      QUEUE_LOCK_DURATION_MS: '6000',
      QUEUE_STALLED_INTERVAL_MS: '3000',
    });
    app = await startTestApp(config);
    country = await createCountry(app.dataSource, 'W', {
      en: 'Crashland',
      ru: 'Сбойлэнд',
      ky: 'Сбой',
      tg: 'Сбой',
      uk: 'Збійленд',
    });
    const user = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country], locale: 'ru' });
    officer = { id: user.id, headers: bearer((await signIn(app, user)).accessToken) };
    admin = bearer((await signIn(app, await createUser(app.dataSource, { role: Role.Admin }))).accessToken);
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers.map(exited));
    await app.close();
  });

  it('is retried by another worker and completes; the half-done file is never served', async () => {
    const started = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: officer.headers,
      payload: { country, ...period, breakdowns, format: 'csv' },
    });
    expect(started.statusCode).toBe(202);
    const { jobId, statusUrl } = started.json<{ jobId: string; statusUrl: string }>();
    const status = async () =>
      (await app.request({ method: 'GET', url: statusUrl, headers: officer.headers })).json<{
        state: string;
        result: { exportId: string; downloadUrl: string; size: number } | null;
      }>();

    const blocker = new Client({ connectionString: config.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(
        `INSERT INTO report_exports (id, job_id, requested_by, format, file_name, size, expires_at)
         VALUES (gen_random_uuid(), $1, $2, 'csv', 'blocker.csv', 0, now())`,
        [jobKey(config, { id: jobId }), officer.id],
      );
      const [{ pid: blockerPid }] = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;

      const first = await startWorker(config);
      workers.push(first);
      // The worker has written its temporary file and waits to record it: the job is active, mid-way.
      // Its insert, not any other session the held row may keep waiting (other files share the database).
      await until('the worker to wait on the held key', async () => {
        const [{ waiting }] = await sql<{ waiting: number }[]>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE $1 = ANY(pg_blocking_pids(pid)) AND query ILIKE 'INSERT INTO "report_exports"%'`,
          [blockerPid],
        );
        return waiting > 0 ? true : undefined;
      });
      await until(
        'the job to read as active',
        async () => ((await status()).state === 'active' ? true : undefined),
        5_000,
      );

      // Before completion there is nothing to download: no result, no export any process can see.
      expect((await status()).result).toBeNull();
      expect(await recordedExports()).toBe(0);

      first.kill('SIGKILL');
      await exited(first);
      await blocker.query('ROLLBACK');
      // The killed attempt's insert died with its connection: still nothing recorded.
      expect(await recordedExports()).toBe(0);
    } finally {
      await blocker.end();
    }

    const second = await startWorker(config);
    workers.push(second);
    const done = await until(
      'the job to complete',
      async () => {
        const body = await status();
        expect(body.state).not.toBe('failed');
        return body.state === 'completed' ? body : undefined;
      },
      45_000,
    );
    const { exportId, downloadUrl, size } = done.result ?? { exportId: '', downloadUrl: '', size: 0 };

    // One export for the job, holding the whole file.
    expect(await recordedExports()).toBe(1);
    const [recorded] = await sql<{ id: string; stored: number }[]>(
      'SELECT id, octet_length(content)::int AS stored FROM report_exports WHERE job_id = $1',
      [jobKey(config, { id: jobId })],
    );
    expect(recorded).toEqual({ id: exportId, stored: size });

    const file = await app.request({ method: 'GET', url: downloadUrl, headers: officer.headers });
    expect(file.statusCode).toBe(200);
    expect(Number(file.headers['content-length'])).toBe(size);
    expect(file.rawPayload.length).toBe(size);
    const byAdmin = await app.request({ method: 'GET', url: downloadUrl, headers: admin });
    expect(byAdmin.rawPayload.equals(file.rawPayload)).toBe(true);
    expect(file.body.startsWith('\uFEFF')).toBe(true);
    expect(file.body.endsWith('\n')).toBe(true);
    // The officer reads Russian: the spreadsheet conventions of a Russian Excel (';', decimal comma).
    const rows: string[][] = parse(file.body.slice(1), { delimiter: ';' });
    let expectedRows = 0;
    for (const breakdown of breakdowns) {
      const report = await app.request({
        method: 'GET',
        url: `/reports/progress?country=${country}&from=${period.from}&to=${period.to}&breakdown=${breakdown}`,
        headers: officer.headers,
      });
      expectedRows += report.json<{ rows: unknown[] }>().rows.length;
    }
    // Then the cascade's rows: the officer reads Russian.
    const cascadeRows = rows.filter(([breakdown]) => breakdown === translate('ru', 'reports.cascade.title'));
    expect(cascadeRows.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(1 + expectedRows + cascadeRows.length);
    expect(new Set(rows.map((row) => row.length)).size).toBe(1);
  }, 120_000);
});
