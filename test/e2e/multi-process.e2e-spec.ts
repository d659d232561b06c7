import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { Role } from '@cascade/auth';
import type { AppConfig } from '@cascade/config';
import { jobKey } from '@cascade/queue';

import { dataSourceOptions } from '../../src/data-source.js';
import { createUser, type TestUser } from '../factories/users.js';
import { freePort } from '../global-setup.js';
import { builtScript, exited, ROOT, until, waitForOutput } from '../support/processes.js';
import { migrate, testConfig } from '../support/test-app.js';

type Headers = Record<string, string>;

interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

/** Sign-ins one address may make a minute, across every API process. */
const SIGN_IN_LIMIT = 4;

/** Four Node processes start at once: on a busy two-core machine that can take a while. */
const START_TIMEOUT_MS = 150_000;

const backend: [string, Record<string, string>] = process.env.TEST_REDIS_URL
  ? ['Redis', { REDIS_URL: process.env.TEST_REDIS_URL }]
  : ['PostgreSQL (no redis-server installed)', {}];

/**
 * Cascade scaled out, as docker/compose.yaml runs it: two API processes and two workers (the built
 * `node dist/src/main.js` and `dist/src/worker.js`) on one PostgreSQL and one Redis, each request
 * going to the other API than the one before. Nothing a request relies on may live in one
 * process: the rate limits, the sessions, the jobs and the export files are in the shared stores.
 */
describe(`two API processes and two workers on one PostgreSQL and ${backend[0]}`, () => {
  let config: AppConfig;
  let dataSource: DataSource;
  let apis: string[] = [];
  let workers: ChildProcess[] = [];
  const children: ChildProcess[] = [];
  let officer: TestUser;
  let country: string;
  let turn = 0;
  let lastAddress = 0;

  /** A client address of its own for each case (the APIs trust X-Forwarded-For, as behind the proxy). */
  const newAddress = () => `198.51.100.${++lastAddress}`;

  /** Sends to the API given, else to the one that did not answer the last request. */
  async function call(
    method: string,
    path: string,
    options: { headers?: Headers; body?: unknown; address: string; api?: number },
  ): Promise<Answer> {
    const api = options.api ?? turn++ % 2;
    const res = await fetch(`${apis[api]}${path}`, {
      method,
      headers: {
        'x-forwarded-for': options.address,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const body = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body,
      json: <T>() => JSON.parse(body.toString('utf8')) as T,
    };
  }

  async function signIn(user: TestUser, address: string, api: number) {
    const res = await call('POST', '/auth/sign-in', {
      address,
      api,
      body: { email: user.email, password: user.password },
    });
    expect(res.status).toBe(200);
    return res.json<{ accessToken: string; refreshToken: string }>();
  }

  function start(script: string, env: Record<string, string>): ChildProcess {
    const vars = Object.fromEntries(
      Object.entries(config.env)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => [name, String(value)]),
    );
    const child = spawn(process.execPath, [builtScript(script)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...vars, ...env },
    });
    children.push(child);
    return child;
  }

  async function startApi(): Promise<string> {
    const port = await freePort();
    const child = start('src/main.js', { HOST: '127.0.0.1', PORT: String(port) });
    await waitForOutput(child, 'Cascade API listening on', START_TIMEOUT_MS);
    return `http://127.0.0.1:${port}`;
  }

  /** The URL's application_name labels the worker's database sessions: the test tells which one holds a job. */
  async function startWorker(name: string): Promise<ChildProcess> {
    const url = new URL(config.databaseUrl);
    url.searchParams.set('application_name', name);
    const child = start('src/worker.js', { DATABASE_URL: url.toString() });
    await waitForOutput(child, 'Cascade worker running', START_TIMEOUT_MS);
    return child;
  }

  beforeAll(async () => {
    config = testConfig({
      ...backend[1],
      // A namespace of its own: these processes' queues and rate limits are theirs alone.
      QUEUE_NAMESPACE: `multi_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
      SIGN_IN_IP_LIMIT_PER_MINUTE: String(SIGN_IN_LIMIT),
      TRUST_PROXY: 'true',
      QUEUE_LOCK_DURATION_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
    });
    await migrate(config.databaseUrl);
    dataSource = new DataSource(dataSourceOptions(config.databaseUrl));
    await dataSource.initialize();
    [apis, workers] = await Promise.all([
      Promise.all([startApi(), startApi()]),
      Promise.all([startWorker('cascade-worker-0'), startWorker('cascade-worker-1')]),
    ]);

    for (;;) {
      country = `M${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;
      const inserted = await dataSource.query<unknown[]>(
        `INSERT INTO countries (code, names) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [
          country,
          JSON.stringify({ en: `Scaleland ${country}`, ru: 'Масштаб', ky: 'Масштаб', tg: 'Миқёс', uk: 'Масштаб' }),
        ],
      );
      if (inserted.length === 1) break;
    }
    officer = await createUser(dataSource, { role: Role.ProgramOfficer, countries: [country] });
  }, START_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await dataSource?.destroy();
  });

  it('holds the sign-in limit per address across both APIs', async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT + 2; i++) {
      const res = await call('POST', '/auth/sign-in', {
        address,
        body: { email: `visitor-${randomUUID()}@example.org`, password: 'wrong password!!' },
      });
      statuses.push(res.status);
    }
    // Each API alone has seen only half of the attempts: together they allow the limit, no more.
    expect(statuses).toEqual([...Array<number>(SIGN_IN_LIMIT).fill(401), 429, 429]);
    // Even the right password waits, on either API; another address does not.
    for (const api of [0, 1]) {
      const res = await call('POST', '/auth/sign-in', {
        address,
        api,
        body: { email: officer.email, password: officer.password },
      });
      expect(res.status).toBe(429);
    }
    expect((await signIn(officer, newAddress(), 1)).accessToken).toEqual(expect.any(String));
  });

  it('refuses on one API a refresh token rotated on the other, and ends its family', async () => {
    const address = newAddress();
    const first = await signIn(officer, address, 0);
    // The access token one API signed works on the other.
    expect(
      (await call('GET', '/me', { address, api: 1, headers: { authorization: `Bearer ${first.accessToken}` } })).status,
    ).toBe(200);

    const rotated = await call('POST', '/auth/refresh', {
      address,
      api: 1,
      body: { refreshToken: first.refreshToken },
    });
    expect(rotated.status).toBe(200);
    const second = rotated.json<{ refreshToken: string }>().refreshToken;
    expect(second).not.toBe(first.refreshToken);

    const replay = await call('POST', '/auth/refresh', { address, api: 0, body: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    // The replay revoked the whole family: the token the other API handed out is refused too.
    const afterReplay = await call('POST', '/auth/refresh', { address, api: 1, body: { refreshToken: second } });
    expect(afterReplay.status).toBe(401);
  });

  it('serves from one API an export started through the other, made by whichever worker took it', async () => {
    const address = newAddress();
    const { accessToken } = await signIn(officer, address, 0);
    const headers = { authorization: `Bearer ${accessToken}` };
    const started = await call('POST', '/reports/progress/exports', {
      address,
      api: 0,
      headers,
      body: { country, from: '2025-01-01', to: '2025-12-31', breakdowns: ['none', 'sex'], format: 'xlsx' },
    });
    expect(started.status).toBe(202);
    const { statusUrl } = started.json<{ statusUrl: string }>();
    const done = await until('the export to complete', async () => {
      const body = (await call('GET', statusUrl, { address, headers })).json<{
        state: string;
        result: { downloadUrl: string; size: number } | null;
      }>();
      expect(body.state).not.toBe('failed');
      return body.state === 'completed' ? body.result : undefined;
    });
    const file = await call('GET', done?.downloadUrl ?? '', { address, api: 1, headers });
    expect(file.status).toBe(200);
    expect(file.body.length).toBe(done?.size);
    expect(file.body.subarray(0, 2).toString()).toBe('PK');
    const again = await call('GET', done?.downloadUrl ?? '', { address, api: 0, headers });
    expect(again.body.equals(file.body)).toBe(true);
  });

  it('finishes on the other worker an export whose worker was killed mid-job, and serves it from both APIs', async () => {
    const address = newAddress();
    const { accessToken } = await signIn(officer, address, 1);
    const headers = { authorization: `Bearer ${accessToken}` };
    const status = async (statusUrl: string) =>
      (await call('GET', statusUrl, { address, headers })).json<{
        state: string;
        result: { exportId: string; downloadUrl: string; size: number } | null;
      }>();

    // Hold back every new export, as export-worker-crash holds its job's key: the worker that takes
    // the job writes its file, then waits here to record it. Its database session names the worker.
    const blocker = new Client({ connectionString: config.databaseUrl });
    await blocker.connect();
    let survivor: ChildProcess | undefined;
    let job: { jobId: string; statusUrl: string };
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE report_exports IN SHARE MODE');
      const [{ pid }] = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
      const started = await call('POST', '/reports/progress/exports', {
        address,
        api: 1,
        headers,
        body: { country, from: '2025-01-01', to: '2025-12-31', breakdowns: ['none'], format: 'csv' },
      });
      expect(started.status).toBe(202);
      job = started.json<{ jobId: string; statusUrl: string }>();
      const holder = await until('a worker to wait to record the export', async () => {
        const [row] = await dataSource.query<{ name: string }[]>(
          `SELECT application_name AS name FROM pg_stat_activity
            WHERE $1 = ANY(pg_blocking_pids(pid)) AND application_name LIKE 'cascade-worker-%'`,
          [pid],
        );
        return row?.name;
      });
      expect((await status(job.statusUrl)).state).toBe('active');
      const index = holder === 'cascade-worker-0' ? 0 : 1;
      workers[index].kill('SIGKILL');
      await exited(workers[index]);
      survivor = workers[1 - index];
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }
    const key = jobKey(config, { id: job.jobId });

    const done = await until(
      'the other worker to finish the job',
      async () => {
        const body = await status(job.statusUrl);
        expect(body.state).not.toBe('failed');
        return body.state === 'completed' ? body.result : undefined;
      },
      60_000,
    );
    // The survivor did it, and is still running.
    expect(survivor?.exitCode).toBeNull();
    const [recorded] = await dataSource.query<{ n: number; stored: number }[]>(
      'SELECT count(*)::int AS n, max(octet_length(content))::int AS stored FROM report_exports WHERE job_id = $1',
      [key],
    );
    expect(recorded).toEqual({ n: 1, stored: done?.size });
    const files = await Promise.all(
      [0, 1].map((api) => call('GET', done?.downloadUrl ?? '', { address, api, headers })),
    );
    for (const file of files) {
      expect(file.status).toBe(200);
      expect(file.body.length).toBe(done?.size);
      expect(file.body.toString('utf8').startsWith('\uFEFF')).toBe(true);
    }
    expect(files[0].body.equals(files[1].body)).toBe(true);
  }, 120_000);
});
