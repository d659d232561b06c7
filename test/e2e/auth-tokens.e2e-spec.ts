import { createHmac, randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';

import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app.js';

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
