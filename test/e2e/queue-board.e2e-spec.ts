import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { LightMyRequestResponse } from 'fastify';

import { Role } from '@cascade/auth';
import { QueueName } from '@cascade/queue';

import { createUser } from '../factories/users.js';
import { bearer, cookieHeader, signIn } from '../support/auth.js';
import { startTestApp, type TestApp, testConfig } from '../support/test-app.js';

const backends: [string, Record<string, string>][] = [['PostgreSQL', {}]];
if (process.env.TEST_REDIS_URL) backends.push(['Redis', { REDIS_URL: process.env.TEST_REDIS_URL }]);

const PAGE = '/admin/queues';
const QUEUES_API = '/admin/queues/api/queues';

const code = (res: LightMyRequestResponse) => res.json<{ code?: string }>().code;

interface BoardQueue {
  name: QueueName;
  counts: Record<string, number>;
  isPaused: boolean;
}

describe.each(backends)('the queue board on the %s backend', (_backend, overrides) => {
  let app: TestApp;
  /** Session cookies (as a browser holds them after POST /auth/sign-in), per role. */
  const sessions = {} as Record<Role, Record<string, string>>;
  let adminToken: string;

  const queue = (name: QueueName) => app.api.get<Queue>(getQueueToken(name), { strict: false });

  beforeAll(async () => {
    app = await startTestApp(testConfig(overrides));
    for (const role of Object.values(Role)) {
      const signedIn = await signIn(app, await createUser(app.dataSource, { role }));
      sessions[role] = signedIn.cookies;
      if (role === Role.Admin) adminToken = signedIn.accessToken;
    }
  });
  afterAll(() => app.close());

  it.each([PAGE, `${PAGE}/`, QUEUES_API])('answers %s without a session with 401', async (url) => {
    const res = await app.request({ method: 'GET', url });
    expect(res.statusCode).toBe(401);
    expect(code(res)).toBe('unauthorized');
  });

  it('answers a forged or expired session cookie with 401', async () => {
    const res = await app.request({ method: 'GET', url: PAGE, headers: { cookie: 'cascade_access=abc.def.ghi' } });
    expect(res.statusCode).toBe(401);
    expect(code(res)).toBe('unauthorized');
  });

  it.each([Role.Trainer, Role.ProgramOfficer, Role.Donor])('refuses a signed-in %s with 403', async (role) => {
    for (const url of [PAGE, QUEUES_API, `${PAGE}/static/favicon-32x32.png`]) {
      const res = await app.request({ method: 'GET', url, headers: cookieHeader(sessions[role]) });
      expect(res.statusCode).toBe(403);
      expect(code(res)).toBe('forbidden');
    }
  });

  it('shows an admin the board page, with a copy of the CSRF token for its script', async () => {
    const res = await app.request({ method: 'GET', url: PAGE, headers: cookieHeader(sessions[Role.Admin]) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<base href="/admin/queues/"');
    const copy = res.cookies.find((cookie) => cookie.name === 'XSRF-TOKEN');
    expect(copy).toMatchObject({ value: sessions[Role.Admin].cascade_csrf, path: PAGE, sameSite: 'Strict' });
    expect(copy?.httpOnly).toBeFalsy();

    const script = await app.request({
      method: 'GET',
      url: `${PAGE}/static/favicon-32x32.png`,
      headers: cookieHeader(sessions[Role.Admin]),
    });
    expect(script.statusCode).toBe(200);
  });

  it("lists every queue of the app's namespace, with the jobs waiting in them", async () => {
    // No worker runs here: the job waits in the system queue.
    const started = await app.request({ method: 'POST', url: '/system/data-inventory', headers: bearer(adminToken) });
    expect(started.statusCode).toBe(202);

    for (const headers of [cookieHeader(sessions[Role.Admin]), bearer(adminToken)]) {
      const res = await app.request({ method: 'GET', url: QUEUES_API, headers });
      expect(res.statusCode).toBe(200);
      const { queues } = res.json<{ queues: BoardQueue[] }>();
      expect(queues.map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());
      expect(queues.find((q) => q.name === QueueName.System)?.counts.waiting).toBeGreaterThanOrEqual(1);
    }
  });

  describe("the board's writes", () => {
    const admin = () => cookieHeader(sessions[Role.Admin]);
    const csrf = () => sessions[Role.Admin].cascade_csrf;

    it('refuses a cookie write without the CSRF token, or with a wrong one', async () => {
      for (const extra of [{}, { 'x-xsrf-token': 'guessed' }, { 'x-csrf-token': 'guessed' }]) {
        const res = await app.request({
          method: 'PUT',
          url: `${QUEUES_API}/${QueueName.System}/pause`,
          headers: { ...admin(), ...extra },
        });
        expect(res.statusCode).toBe(403);
        expect(code(res)).toBe('csrf_token_invalid');
      }
      const clean = await app.request({
        method: 'PUT',
        url: `${QUEUES_API}/${QueueName.System}/clean/completed`,
        headers: admin(),
      });
      expect(clean.statusCode).toBe(403);
      expect(await queue(QueueName.System).isPaused()).toBe(false);
    });

    it("pauses and resumes a queue with the token echoed as bull-board's page sends it", async () => {
      const pause = await app.request({
        method: 'PUT',
        url: `${QUEUES_API}/${QueueName.Certificates}/pause`,
        headers: { ...admin(), 'x-xsrf-token': csrf() },
      });
      expect(pause.statusCode).toBe(200);
      expect(await queue(QueueName.Certificates).isPaused()).toBe(true);

      const resume = await app.request({
        method: 'PUT',
        url: `${QUEUES_API}/${QueueName.Certificates}/resume`,
        headers: { ...admin(), 'x-csrf-token': csrf() },
      });
      expect(resume.statusCode).toBe(200);
      expect(await queue(QueueName.Certificates).isPaused()).toBe(false);
    });

    it('refuses a non-admin write even with the token', async () => {
      const officer = sessions[Role.ProgramOfficer];
      const res = await app.request({
        method: 'PUT',
        url: `${QUEUES_API}/${QueueName.System}/pause`,
        headers: { ...cookieHeader(officer), 'x-xsrf-token': officer.cascade_csrf },
      });
      expect(res.statusCode).toBe(403);
      expect(code(res)).toBe('forbidden');
    });
  });
});
