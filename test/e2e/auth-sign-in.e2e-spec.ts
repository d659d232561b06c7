import { randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';

import { createUser, TEST_PASSWORD, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp, testConfig } from '../support/test-app.js';

const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

describe('signing in', () => {
  let app: TestApp;
  let officer: TestUser;
  beforeAll(async () => {
    app = await startTestApp();
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
  });
  afterAll(() => app.close());

  it('answers tokens for API clients and httpOnly cookies for web pages', async () => {
    const { accessToken, response } = await signIn(app, officer);
    expect(response.json()).toMatchObject({
      user: { id: officer.id, email: officer.email, role: 'program_officer', countries: ['KG'] },
    });
    const cookies = Object.fromEntries(response.cookies.map((c) => [c.name, c]));
    expect(cookies.cascade_access).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies.cascade_refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth' });
    expect(cookies.cascade_csrf.httpOnly).toBeFalsy();

    const me = await app.request({ method: 'GET', url: '/me', headers: bearer(accessToken) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: officer.id });
    const lastSignIn = await app.dataSource.query<{ last_sign_in_at: Date | null }[]>(
      'SELECT last_sign_in_at FROM users WHERE id = $1',
      [officer.id],
    );
    expect(lastSignIn[0].last_sign_in_at).not.toBeNull();
  });

  it('gives the same answer for an unknown email and for a wrong password', async () => {
    const wrongPassword = await app.request({
      method: 'POST',
      url: '/auth/sign-in',
      payload: { email: officer.email, password: 'not the password at all' },
    });
    const unknownEmail = await app.request({
      method: 'POST',
      url: '/auth/sign-in',
      payload: { email: `nobody-${randomUUID()}@example.org`, password: 'not the password at all' },
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(withoutRequestId(wrongPassword.json())).toEqual(withoutRequestId(unknownEmail.json()));
    expect(wrongPassword.json()).toMatchObject({ code: 'invalid_credentials' });
  });

  it.each([
    ['an over-long email', { email: `${'a'.repeat(250)}@example.org`, password: 'whatever-password' }, 'email'],
    ['a Cyrillic look-alike in the email', { email: 'аdmin@example.org', password: 'whatever-password' }, 'email'],
    ['SQL in the email', { email: "' OR 1=1 --", password: 'whatever-password' }, 'email'],
    ['an over-long password', { email: 'someone@example.org', password: 'x'.repeat(129) }, 'password'],
    ['a missing password', { email: 'someone@example.org' }, 'password'],
  ])('refuses %s with 400 on that field', async (_, payload, field) => {
    const res = await app.request({ method: 'POST', url: '/auth/sign-in', payload });
    expect(res.statusCode).toBe(400);
    const { errors } = res.json<{ errors: { field: string }[] }>();
    expect(errors.map((e) => e.field)).toContain(field);
  });

  it('refuses a deactivated account as if it did not exist', async () => {
    const former = await createUser(app.dataSource, { role: Role.Trainer, active: false });
    const res = await app.request({
      method: 'POST',
      url: '/auth/sign-in',
      payload: { email: former.email, password: former.password },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_credentials');
  });
});

describe('sign-in throttling', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const attempt = (email: string, password: string) =>
    app.request({ method: 'POST', url: '/auth/sign-in', payload: { email, password } });

  it('pauses an account after five failures, even for the right password, and says for how long', async () => {
    const user = await createUser(app.dataSource, { role: Role.Donor });
    for (let i = 0; i < 5; i++) expect((await attempt(user.email, 'wrong password!!')).statusCode).toBe(401);

    const blocked = await attempt(user.email, TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'sign_in_blocked', message: expect.stringContaining('1 min') });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(30);
  });

  it('pauses an unknown email exactly like a known one', async () => {
    const email = `ghost-${randomUUID()}@example.org`;
    for (let i = 0; i < 5; i++) expect((await attempt(email, 'wrong password!!')).statusCode).toBe(401);
    const blocked = await attempt(email, 'wrong password!!');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('sign_in_blocked');
  });

  it('lengthens the pause with each further failure', async () => {
    const user = await createUser(app.dataSource, { role: Role.Donor });
    for (let i = 0; i < 5; i++) await attempt(user.email, 'wrong password!!');
    // Let the first pause pass at once, then fail again: the next pause is twice as long.
    await app.dataSource.query(
      `UPDATE sign_in_throttles SET blocked_until = now() - interval '1 second'
        WHERE email_key = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [user.email],
    );
    expect((await attempt(user.email, 'wrong password!!')).statusCode).toBe(401);
    const blocked = await attempt(user.email, TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(30);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('starts afresh after a successful sign-in', async () => {
    const user = await createUser(app.dataSource, { role: Role.Donor });
    for (let i = 0; i < 4; i++) await attempt(user.email, 'wrong password!!');
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await attempt(user.email, 'wrong password!!');
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });
});

const limitBackends: [string, Record<string, string>][] = [['PostgreSQL', {}]];
if (process.env.TEST_REDIS_URL) limitBackends.push(['Redis', { REDIS_URL: process.env.TEST_REDIS_URL }]);

/**
 * The per-IP limits are counted in a store every API process shares (PostgreSQL, or Redis when
 * REDIS_URL is set): two processes together allow what one would. Each case signs in from an
 * address of its own, so what other tests did from 127.0.0.1 does not count.
 */
describe.each(limitBackends)('sign-in limits per IP address, counted in %s', (_backend, overrides) => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    const config = testConfig({ SIGN_IN_IP_LIMIT_PER_MINUTE: '3', ...overrides });
    [first, second] = [await startTestApp(config), await startTestApp(config)];
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  // A new account name each time: five failures on one name would pause it, answering 429 too.
  const attempt = (app: TestApp, remoteAddress: string) =>
    app.request({
      method: 'POST',
      url: '/auth/sign-in',
      remoteAddress,
      payload: { email: `visitor-${randomUUID()}@example.org`, password: 'wrong password!!' },
    });
  let lastAddress = 0;
  const address = () => `203.0.113.${++lastAddress}`;

  it('answer 429 once an address has made its attempts for the minute, whichever process it asks', async () => {
    const client = address();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(i % 2 ? second : first, client)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await attempt(first, client);
    expect(refused.json()).toMatchObject({ statusCode: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);

    // Another address is not held back.
    expect((await attempt(second, address())).statusCode).toBe(401);
  });

  it('counts concurrent attempts exactly once each', async () => {
    const client = address();
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => attempt(i % 2 ? second : first, client).then((res) => res.statusCode)),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });
});
