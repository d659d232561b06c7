import { Role } from '@cascade/auth';

import { createUser, TEST_PASSWORD, type TestUser } from '../factories/users.js';
import { bearer, cookieHeader, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

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
