import { randomUUID } from 'node:crypto';

import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';

import { JobName, QueueName } from '@cascade/queue';

import { freePort } from '../global-setup.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

const TOKEN = 'metrics-token-for-the-tests-0123456789abcdef';
const scrapeHeaders = { authorization: `Bearer ${TOKEN}` };

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Reads the Prometheus text format: one sample per line, `name{label="value",…} number`. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and these labels (others may differ), or undefined. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

const backends: [string, Record<string, string>][] = [['postgres', {}]];
if (process.env.TEST_REDIS_URL) backends.push(['redis', { REDIS_URL: process.env.TEST_REDIS_URL }]);

describe.each(backends)('metrics on the %s queue backend', (backend, overrides) => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let workerPort: number;
  beforeAll(async () => {
    workerPort = await freePort();
    const config = testConfig({ ...overrides, METRICS_TOKEN: TOKEN, METRICS_PORT: String(workerPort) });
    app = await startTestApp(config);
    worker = await startTestWorker(config);
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  const scrape = async () => {
    const res = await app.request({ method: 'GET', url: '/metrics', headers: scrapeHeaders });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(res.body);
  };

  it('refuses a scrape without the token, or with a wrong one, in the standard error shape', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-the-token' }, { authorization: TOKEN }]) {
      const res = await app.request({
        method: 'GET',
        url: '/metrics',
        headers: { ...headers, 'accept-language': 'ru' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json()).toMatchObject({
        statusCode: 401,
        code: 'metrics_token_required',
        message: expect.stringMatching(/^Метрики выдаются только по токену метрик/),
      });
    }
  });

  it('counts requests by route template and status, with no id from the URL in any label', async () => {
    const traineeId = randomUUID();
    const before = await scrape();
    const labels = { method: 'GET', route: '/trainees/:id', status: '401' };
    const counted = valueOf(before, 'cascade_http_requests_total', labels) ?? 0;
    await app.request({ method: 'GET', url: `/trainees/${traineeId}` });
    await app.request({ method: 'GET', url: `/trainees/${randomUUID()}` });
    await app.request({ method: 'GET', url: '/health' });

    const afterResponse = await app.request({ method: 'GET', url: '/metrics', headers: scrapeHeaders });
    const after = parseMetrics(afterResponse.body);
    expect(valueOf(after, 'cascade_http_requests_total', labels)).toBe(counted + 2);
    expect(valueOf(after, 'cascade_http_request_duration_seconds_count', labels)).toBe(counted + 2);
    expect(valueOf(after, 'cascade_http_requests_total', { route: '/health', status: '200' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(afterResponse.body).not.toContain(traineeId);
  });

  it('shows the depth of every queue by state, read from the backend', async () => {
    const queue = app.api.get<Queue>(getQueueToken(QueueName.Exports));
    // A delayed job stays put however fast the worker is.
    const job = await queue.add(JobName.ExportProgressReport, {}, { delay: 3_600_000 });
    try {
      const samples = await scrape();
      for (const name of Object.values(QueueName)) {
        for (const state of ['waiting', 'active', 'delayed', 'failed']) {
          expect(valueOf(samples, 'cascade_queue_jobs', { queue: name, state, backend })).toEqual(expect.any(Number));
        }
      }
      expect(
        valueOf(samples, 'cascade_queue_jobs', { queue: QueueName.Exports, state: 'delayed' }),
      ).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'cascade_queue_up', { backend })).toBe(1);
    } finally {
      await job.remove();
    }
  });

  it('shows the database pool', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'cascade_db_pool_connections', {})).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'cascade_db_pool_max_connections', {})).toBe(10);
    expect(valueOf(samples, 'cascade_db_pool_waiting_clients', {})).toBe(0);
  });

  it('times jobs and counts failures on the worker’s own metrics port', async () => {
    const url = `http://127.0.0.1:${workerPort}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const queue = worker.get<Queue>(getQueueToken(QueueName.System));
    const request = { requestedBy: randomUUID(), requestedAt: new Date().toISOString() };
    await queue.add(JobName.DataInventory, request);
    // A job name the system queue does not run fails at once, without retries.
    await queue.add('no-such-job', request, { attempts: 1 });

    const completed = { queue: QueueName.System, job: JobName.DataInventory, outcome: 'completed' };
    const failed = { queue: QueueName.System, job: 'no-such-job' };
    let samples: Sample[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      const res = await fetch(url, { headers: scrapeHeaders });
      expect(res.status).toBe(200);
      samples = parseMetrics(await res.text());
      if (
        valueOf(samples, 'cascade_job_duration_seconds_count', completed) &&
        valueOf(samples, 'cascade_job_failures_total', failed)
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(valueOf(samples, 'cascade_job_duration_seconds_count', completed)).toBe(1);
    expect(valueOf(samples, 'cascade_job_failures_total', failed)).toBe(1);
    expect(valueOf(samples, 'cascade_queue_jobs', { queue: QueueName.System, state: 'waiting', backend })).toEqual(
      expect.any(Number),
    );
  });
});

describe('metrics without METRICS_TOKEN', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(testConfig());
  });
  afterAll(() => app.close());

  it('are not served: /metrics answers as an unknown route', async () => {
    const res = await app.request({ method: 'GET', url: '/metrics', headers: scrapeHeaders });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'route_not_found' });
  });
});
