import type { INestApplicationContext } from '@nestjs/common';

import { Role } from '@cascade/auth';

import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

const backends: [string, Record<string, string>][] = [['PostgreSQL', {}]];
if (process.env.TEST_REDIS_URL) backends.push(['Redis', { REDIS_URL: process.env.TEST_REDIS_URL }]);

async function waitForJob(app: TestApp, statusUrl: string, headers: Record<string, string>) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const res = await app.request({ method: 'GET', url: statusUrl, headers });
    const body = res.json<{ state: string }>();
    if (body.state === 'completed' || body.state === 'failed') return res;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${statusUrl} did not finish in 10 s`);
}

describe.each(backends)('jobs on the %s backend', (backend, overrides) => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let admin: Record<string, string>;
  beforeAll(async () => {
    const config = testConfig(overrides);
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    admin = bearer(
      (await signIn(app, await createUser(app.dataSource, { role: Role.Admin, locale: 'ru' }))).accessToken,
    );
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  it('reports the queue backend as healthy', async () => {
    const res = await app.request({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().details.queue).toEqual({ status: 'up', backend: backend === 'Redis' ? 'redis' : 'postgres' });
  });

  it('answers 202 with a job id at once, and the worker completes the job', async () => {
    const started = await app.request({ method: 'POST', url: '/system/data-inventory', headers: admin });
    expect(started.statusCode).toBe(202);
    const { jobId, queue, statusUrl } = started.json();
    expect(queue).toBe('system');
    expect(statusUrl).toBe(`/jobs/system/${jobId}`);

    const done = await waitForJob(app, statusUrl, admin);
    const status = done.json();
    expect(status).toMatchObject({ id: jobId, name: 'data-inventory', state: 'completed', stateLabel: 'готово' });
    expect(status.progress).toBe(100);
    const tables = status.result.tables as { table: string; rows: number }[];
    expect(tables.find((t) => t.table === 'migrations')?.rows).toBeGreaterThanOrEqual(1);
    expect(tables.map((t) => t.table)).toContain('countries');
    expect(status.result.databaseBytes).toBeGreaterThan(0);
  });

  it('answers 404 in the standard shape for a job that does not exist', async () => {
    const res = await app.request({
      method: 'GET',
      url: '/jobs/system/999999',
      headers: admin,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'job_not_found', message: 'В очереди system нет задачи 999999.' });
  });
});
