import { randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';

import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const tag = () => randomUUID().slice(0, 8);

describe('users', () => {
  let app: TestApp;
  let admin: TestUser;
  let asAdmin: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createUser(app.dataSource, { role: Role.Admin });
    asAdmin = bearer((await signIn(app, admin)).accessToken);
  });
  afterAll(() => app.close());

  const invite = (body: Record<string, unknown>) =>
    app.request({ method: 'POST', url: '/users', headers: asAdmin, payload: body });

  const signInWith = (email: string, password: string) =>
    app.request({ method: 'POST', url: '/auth/sign-in', payload: { email, password } });

  const acceptInvitation = (token: string, password: string) =>
    app.request({ method: 'POST', url: '/auth/accept-invitation', payload: { token, password } });

  const fieldErrorsOf = (body: { errors?: { field: string; code: string }[] }) =>
    (body.errors ?? []).map(({ field, code }) => ({ field, code }));

  describe('an invitation', () => {
    const email = `invited-${tag()}@example.org`;
    let token: string;

    beforeAll(async () => {
      const res = await invite({ email, displayName: 'Invited Person', role: 'trainer', countries: ['KG'] });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.user).toMatchObject({ email, role: 'trainer', countries: ['KG'], active: true, locale: null });
      expect(new Date(body.invitationExpiresAt).getTime()).toBeGreaterThan(Date.now());
      token = body.invitationToken;
    });

    it('lets nobody sign in before the password is set', async () => {
      const res = await signInWith(email, 'a long and unusual passphrase');
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('invalid_credentials');
    });

    it.each([
      ['one of the commonest passwords', 'password1234', 'password_too_common'],
      ['the email itself', email, 'password_equals_email'],
      ['eleven characters', 'abcdefghij1', 'password_too_short'],
    ])('refuses %s as the password', async (_case, password, code) => {
      const res = await acceptInvitation(token, password);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(fieldErrorsOf(res.json())).toEqual([{ field: 'password', code }]);
    });

    it('sets a good password once, after which the invitation is spent', async () => {
      const password = 'a long and unusual passphrase';
      expect((await acceptInvitation(token, password)).statusCode).toBe(204);

      const signedIn = await signInWith(email, password);
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json().user).toMatchObject({ email });

      const again = await acceptInvitation(token, 'another long passphrase');
      expect(again.statusCode).toBe(400);
      expect(again.json().code).toBe('invitation_invalid');
    });

    it('refuses a token that is not one', async () => {
      const res = await acceptInvitation('abc', 'a long and unusual passphrase');
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(fieldErrorsOf(res.json())).toEqual([{ field: 'token', code: 'matches' }]);
    });
  });

  describe('emails', () => {
    it('are unique whatever their case', async () => {
      const local = `same.person.${tag()}`;
      const first = await invite({
        email: `${local.replace('same.person', 'Same.Person')}@Example.org`,
        displayName: 'Same Person',
        role: 'donor',
        countries: ['UA'],
      });
      expect(first.statusCode).toBe(201);
      expect(first.json().user.email).toBe(`${local}@example.org`);

      const second = await invite({
        email: `${local}@example.org`,
        displayName: 'Same Person Again',
        role: 'donor',
        countries: ['UA'],
      });
      expect(second.statusCode).toBe(409);
      expect(second.json().code).toBe('email_taken');
    });

    it.each([
      ['over-long', `${'a'.repeat(288)}@example.org`],
      ['with a Cyrillic look-alike letter', '\u0430dmin@example.org'],
      ['SQL', "' OR 1=1 --"],
    ])('refuses an address that is %s', async (_case, email) => {
      const res = await invite({ email, displayName: 'Someone', role: 'donor', countries: ['UA'] });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(fieldErrorsOf(res.json()).map((e) => e.field)).toContain('email');
      expect(fieldErrorsOf(res.json()).every((e) => e.field === 'email')).toBe(true);
    });
  });

  describe('GET /users', () => {
    // Every user of this block carries the marker, so the search keeps out other test files' users.
    const marker = `listed${tag()}`;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const people: [string, string, string[]][] = [
        ['officer', 'program_officer', ['KG', 'TJ']],
        ['trainer', 'trainer', ['TJ']],
        ['donor', 'donor', ['UA']],
      ];
      for (const [name, role, countries] of people) {
        const res = await invite({ email: `${name}-${marker}@example.org`, displayName: name, role, countries });
        expect(res.statusCode).toBe(201);
        ids[name] = res.json().user.id;
      }
      const deactivated = await app.request({
        method: 'PATCH',
        url: `/users/${ids.donor}`,
        headers: asAdmin,
        payload: { active: false },
      });
      expect(deactivated.statusCode).toBe(200);
    });

    const listIds = async (query: Record<string, string>) => {
      const res = await app.request({
        method: 'GET',
        url: '/users',
        headers: asAdmin,
        query: { search: marker, ...query },
      });
      expect(res.statusCode).toBe(200);
      return (res.json().items as { id: string }[]).map((u) => u.id).sort();
    };

    it('finds users by part of their email', async () => {
      expect(await listIds({})).toEqual([ids.officer, ids.trainer, ids.donor].sort());
    });

    it('filters by role', async () => {
      expect(await listIds({ role: 'trainer' })).toEqual([ids.trainer]);
    });

    it('filters by country', async () => {
      expect(await listIds({ country: 'TJ' })).toEqual([ids.officer, ids.trainer].sort());
      expect(await listIds({ country: 'UA' })).toEqual([ids.donor]);
    });

    it('filters by active', async () => {
      expect(await listIds({ active: 'false' })).toEqual([ids.donor]);
      expect(await listIds({ active: 'true' })).toEqual([ids.officer, ids.trainer].sort());
    });

    it('lists every country of a user even when filtering by one', async () => {
      const res = await app.request({
        method: 'GET',
        url: '/users',
        headers: asAdmin,
        query: { search: marker, country: 'TJ', role: 'program_officer' },
      });
      expect(res.json().items).toEqual([expect.objectContaining({ id: ids.officer, countries: ['KG', 'TJ'] })]);
    });

    it('refuses more than 100 a page', async () => {
      const res = await app.request({ method: 'GET', url: '/users', headers: asAdmin, query: { limit: '101' } });
      expect(res.statusCode).toBe(400);
      expect(fieldErrorsOf(res.json())).toEqual([{ field: 'limit', code: 'max' }]);
    });
  });

  describe('an admin', () => {
    it.each([
      ['change their own role', { role: 'program_officer', countries: ['KG'] }],
      ['deactivate themselves', { active: false }],
    ])('cannot %s', async (_case, payload) => {
      const res = await app.request({ method: 'PATCH', url: `/users/${admin.id}`, headers: asAdmin, payload });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('cannot_change_own_access');
      const me = await app.request({ method: 'GET', url: '/me', headers: asAdmin });
      expect(me.json()).toMatchObject({ role: 'admin', active: true });
    });

    it('gets 404 for a user that does not exist and 400 for an id that is not one', async () => {
      const missing = await app.request({ method: 'GET', url: `/users/${randomUUID()}`, headers: asAdmin });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('not_found');

      const malformed = await app.request({ method: 'GET', url: '/users/not-a-uuid', headers: asAdmin });
      expect(malformed.statusCode).toBe(400);
    });
  });

  describe('/me', () => {
    let trainer: TestUser;
    let asTrainer: Record<string, string>;

    beforeAll(async () => {
      trainer = await createUser(app.dataSource, { role: Role.Trainer, countries: ['TJ'] });
      asTrainer = bearer((await signIn(app, trainer)).accessToken);
    });

    it("answers the user's own profile", async () => {
      const res = await app.request({ method: 'GET', url: '/me', headers: asTrainer });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        id: trainer.id,
        email: trainer.email,
        role: 'trainer',
        countries: ['TJ'],
        locale: 'en',
      });
    });

    it('answers in the language the user chose', async () => {
      const changed = await app.request({ method: 'PATCH', url: '/me', headers: asTrainer, payload: { locale: 'tg' } });
      expect(changed.statusCode).toBe(200);
      expect(changed.json().locale).toBe('tg');

      const refused = await app.request({
        method: 'GET',
        url: '/users',
        headers: { ...asTrainer, 'accept-language': 'en' },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'forbidden', message: 'Шумо барои ин амал иҷозат надоред.' });
      expect(refused.headers['content-language']).toBe('tg');
    });

    it('changes the password only when the current one is given', async () => {
      const newPassword = 'a brand new long passphrase';
      const wrong = await app.request({
        method: 'POST',
        url: '/me/password',
        headers: asTrainer,
        payload: { currentPassword: 'not my password at all', newPassword },
      });
      expect(wrong.statusCode).toBe(400);
      expect(fieldErrorsOf(wrong.json())).toEqual([{ field: 'currentPassword', code: 'password_incorrect' }]);

      const changed = await app.request({
        method: 'POST',
        url: '/me/password',
        headers: asTrainer,
        payload: { currentPassword: trainer.password, newPassword },
      });
      expect(changed.statusCode).toBe(204);

      expect((await signInWith(trainer.email, newPassword)).statusCode).toBe(200);
      expect((await signInWith(trainer.email, trainer.password)).statusCode).toBe(401);
    });
  });
});

describe('user updates', () => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp();
    admin = bearer((await signIn(app, await createUser(app.dataSource, { role: Role.Admin }))).accessToken);
  });
  afterAll(() => app.close());

  it('refuse null for a field that may be left out but never be empty, with 400 rather than a database error', async () => {
    const user = await createUser(app.dataSource, { role: Role.Trainer });
    for (const payload of [{ displayName: null }, { role: null }, { countries: null }, { active: null }]) {
      const res = await app.request({ method: 'PATCH', url: `/users/${user.id}`, headers: admin, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe(Object.keys(payload)[0]);
    }
    const me = await app.request({ method: 'PATCH', url: '/me', headers: admin, payload: { locale: null } });
    expect(me.statusCode).toBe(400);
  });
});
