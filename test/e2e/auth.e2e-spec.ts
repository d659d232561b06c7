import { createHmac, randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';

import { createUser, TEST_PASSWORD, type TestUser } from '../factories/users.js';
import { bearer, cookieHeader, signIn } from '../support/auth.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp, testConfig } from '../support/test-app.js';

const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token made by hand, the way an attacker would try: chosen header, claims and key. */
function forgeToken(claims: object, options: { alg?: string; key?: string } = {}): string {
  const alg = options.alg ?? 'HS256';
  const now = Math.floor(Date.now() / 1000);
  const head = `${base64url({ alg, typ: 'JWT' })}.${base64url({ iss: 'cascade', aud: 'cascade-api', iat: now, exp: now + 600, ...claims })}`;
  if (alg === 'none') return `${head}.`;
  return `${head}.${createHmac('sha256', options.key ?? TEST_JWT_SECRET)
    .update(head)
    .digest('base64url')}`;
}

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

describe('refresh tokens', () => {
  let app: TestApp;
  let trainer: TestUser;
  beforeAll(async () => {
    app = await startTestApp();
    trainer = await createUser(app.dataSource, { role: Role.Trainer });
  });
  afterAll(() => app.close());

  const refresh = (refreshToken: string) =>
    app.request({ method: 'POST', url: '/auth/refresh', payload: { refreshToken } });

  it('rotate: each refresh answers a new pair, and the new access token works', async () => {
    const first = await signIn(app, trainer);
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    const pair = second.json();
    expect(pair.refreshToken).not.toBe(first.refreshToken);
    expect((await app.request({ method: 'GET', url: '/me', headers: bearer(pair.accessToken) })).statusCode).toBe(200);
  });

  it('work once: reusing a spent token revokes the whole family', async () => {
    const first = await signIn(app, trainer);
    const rotated = (await refresh(first.refreshToken)).json().refreshToken as string;

    const replay = await refresh(first.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('unauthorized');
    // The thief's replay also cut off the token the owner (or the thief) got from the rotation.
    expect((await refresh(rotated)).statusCode).toBe(401);
    // Other sessions of the same user are separate families and keep working.
    const other = await signIn(app, trainer);
    expect((await refresh(other.refreshToken)).statusCode).toBe(200);
  });

  it('refuse a token that is malformed or made up', async () => {
    expect((await refresh(`${randomUUID()}.${'A'.repeat(43)}`)).statusCode).toBe(401);
    expect((await refresh('not-a-token')).statusCode).toBe(400);
  });

  it('end with sign-out', async () => {
    const session = await signIn(app, trainer);
    const out = await app.request({
      method: 'POST',
      url: '/auth/sign-out',
      payload: { refreshToken: session.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'cascade_access')?.value).toBe('');
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });

  it('stop working when the user is deactivated', async () => {
    const user = await createUser(app.dataSource, { role: Role.Donor });
    const session = await signIn(app, user);
    await app.dataSource.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });
});

describe('access tokens', () => {
  let app: TestApp;
  let officer: TestUser;
  beforeAll(async () => {
    app = await startTestApp();
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer });
  });
  afterAll(() => app.close());

  const me = (token: string) => app.request({ method: 'GET', url: '/me', headers: bearer(token) });

  it('are accepted when signed with the key and naming a live session of the user', async () => {
    const { accessToken } = await signIn(app, officer);
    const { sid } = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string };
    expect((await me(forgeToken({ sub: officer.id, sid }))).statusCode).toBe(200);
  });

  it("are refused without a session, or with a session that is not the user's", async () => {
    const other = await createUser(app.dataSource, { role: Role.Trainer });
    const { accessToken } = await signIn(app, other);
    const { sid } = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string };
    expect((await me(forgeToken({ sub: officer.id }))).statusCode).toBe(401);
    expect((await me(forgeToken({ sub: officer.id, sid: randomUUID() }))).statusCode).toBe(401);
    expect((await me(forgeToken({ sub: officer.id, sid }))).statusCode).toBe(401);
  });

  it.each([
    ['malformed', 'abc.def'],
    ['alg none', forgeToken({ sub: randomUUID() }, { alg: 'none' })],
    ['signed with another key', forgeToken({ sub: randomUUID() }, { key: 'another-key-another-key-another-key!' })],
    ['expired', forgeToken({ sub: randomUUID(), exp: Math.floor(Date.now() / 1000) - 60 })],
    ['for another audience', forgeToken({ sub: randomUUID(), aud: 'someone-else' })],
    ['without a subject', forgeToken({})],
  ])('are refused when %s, with 401 in the standard shape', async (_, token) => {
    const res = await me(token);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ statusCode: 401, code: 'unauthorized', message: 'Sign in to continue.' });
  });

  it("are refused alg none even for a real user's id", async () => {
    expect((await me(forgeToken({ sub: officer.id }, { alg: 'none' }))).statusCode).toBe(401);
  });

  it('stop working the moment the user is deactivated', async () => {
    const user = await createUser(app.dataSource, { role: Role.Trainer });
    const { accessToken } = await signIn(app, user);
    expect((await me(accessToken)).statusCode).toBe(200);
    await app.dataSource.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    expect((await me(accessToken)).statusCode).toBe(401);
  });
});

describe('ending a session', () => {
  let app: TestApp;
  let trainer: TestUser;
  beforeAll(async () => {
    app = await startTestApp();
    trainer = await createUser(app.dataSource, { role: Role.Trainer });
  });
  afterAll(() => app.close());

  const meWithBearer = (token: string) => app.request({ method: 'GET', url: '/me', headers: bearer(token) });
  const meWithCookie = (cookies: Record<string, string>) =>
    app.request({ method: 'GET', url: '/me', headers: cookieHeader(cookies) });
  const refresh = (refreshToken: string) =>
    app.request({ method: 'POST', url: '/auth/refresh', payload: { refreshToken } });

  it('sign-out ends the access token at once, as bearer and as cookie; other sessions go on', async () => {
    const session = await signIn(app, trainer);
    const other = await signIn(app, trainer);
    expect((await meWithBearer(session.accessToken)).statusCode).toBe(200);
    expect((await meWithCookie(session.cookies)).statusCode).toBe(200);

    const out = await app.request({
      method: 'POST',
      url: '/auth/sign-out',
      payload: { refreshToken: session.refreshToken },
    });
    expect(out.statusCode).toBe(204);

    const bearerAfter = await meWithBearer(session.accessToken);
    expect(bearerAfter.statusCode).toBe(401);
    expect(bearerAfter.json()).toMatchObject({ statusCode: 401, code: 'unauthorized' });
    expect((await meWithCookie(session.cookies)).statusCode).toBe(401);
    expect((await meWithBearer(other.accessToken)).statusCode).toBe(200);
  });

  it('sign-out with only the access token (no refresh token at hand) ends that session', async () => {
    const session = await signIn(app, trainer);
    const out = await app.request({
      method: 'POST',
      url: '/auth/sign-out',
      headers: bearer(session.accessToken),
      payload: {},
    });
    expect(out.statusCode).toBe(204);
    expect((await meWithBearer(session.accessToken)).statusCode).toBe(401);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });

  it("the web pages' sign-out ends the cookie session's access token too", async () => {
    const session = await signIn(app, trainer);
    const out = await app.request({
      method: 'POST',
      url: '/auth/end-session',
      headers: { ...cookieHeader(session.cookies), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${session.cookies.cascade_csrf}`,
    });
    expect(out.statusCode).toBe(303);
    expect((await meWithCookie(session.cookies)).statusCode).toBe(401);
    expect((await meWithBearer(session.accessToken)).statusCode).toBe(401);
  });

  it("reusing a spent refresh token ends every access token of its family, the thief's and the owner's", async () => {
    const first = await signIn(app, trainer);
    const rotated = (await refresh(first.refreshToken)).json<{ accessToken: string }>();
    expect((await meWithBearer(rotated.accessToken)).statusCode).toBe(200);

    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    expect((await meWithBearer(first.accessToken)).statusCode).toBe(401);
    expect((await meWithBearer(rotated.accessToken)).statusCode).toBe(401);
  });

  it("changing the password ends the account's other sessions and keeps the one that changed it", async () => {
    const user = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    const current = await signIn(app, user);
    const phone = await signIn(app, user);
    const stranger = await createUser(app.dataSource, { role: Role.Trainer });
    const strangers = await signIn(app, stranger);

    const change = await app.request({
      method: 'POST',
      url: '/me/password',
      headers: bearer(current.accessToken),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new and long passphrase' },
    });
    expect(change.statusCode).toBe(204);

    expect((await meWithBearer(phone.accessToken)).statusCode).toBe(401);
    expect((await meWithCookie(phone.cookies)).statusCode).toBe(401);
    expect((await refresh(phone.refreshToken)).statusCode).toBe(401);
    expect((await meWithBearer(current.accessToken)).statusCode).toBe(200);
    expect((await refresh(current.refreshToken)).statusCode).toBe(200);
    expect((await meWithBearer(strangers.accessToken)).statusCode).toBe(200);
  });
});

describe('cookie sessions', () => {
  let app: TestApp;
  let trainer: TestUser;
  beforeAll(async () => {
    app = await startTestApp();
    trainer = await createUser(app.dataSource, { role: Role.Trainer });
  });
  afterAll(() => app.close());

  it('read with the cookie alone', async () => {
    const { cookies } = await signIn(app, trainer);
    const res = await app.request({ method: 'GET', url: '/me', headers: cookieHeader(cookies) });
    expect(res.statusCode).toBe(200);
  });

  it('write only with the CSRF token echoed in a header', async () => {
    const { cookies } = await signIn(app, trainer);
    const update = (headers: Record<string, string>) =>
      app.request({
        method: 'PATCH',
        url: '/me',
        headers: { ...cookieHeader(cookies), ...headers },
        payload: { locale: 'ru' },
      });

    const forged = await update({});
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('csrf_token_invalid');
    expect((await update({ 'x-csrf-token': 'guessed-value' })).statusCode).toBe(403);
    expect((await update({ 'x-csrf-token': cookies.cascade_csrf })).statusCode).toBe(200);
  });

  it('need no CSRF token for bearer clients, which a browser never sends by itself', async () => {
    const { accessToken } = await signIn(app, trainer);
    const res = await app.request({
      method: 'PATCH',
      url: '/me',
      headers: bearer(accessToken),
      payload: { locale: 'ky' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('refresh from the cookie with the CSRF token, and not without it', async () => {
    const { cookies } = await signIn(app, trainer);
    const without = await app.request({
      method: 'POST',
      url: '/auth/refresh',
      headers: cookieHeader(cookies),
      payload: {},
    });
    expect(without.statusCode).toBe(403);
    const withToken = await app.request({
      method: 'POST',
      url: '/auth/refresh',
      headers: { ...cookieHeader(cookies), 'x-csrf-token': cookies.cascade_csrf },
      payload: {},
    });
    expect(withToken.statusCode).toBe(200);
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
