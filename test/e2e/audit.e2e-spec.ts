import { randomUUID } from 'node:crypto';

import type { LightMyRequestResponse } from 'fastify';

import { Role } from '@cascade/auth';

import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** An audit_log row as the database holds it, with its time to the microsecond. */
interface AuditRow {
  id: string;
  occurred_at: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  request_id: string | null;
  changed_fields: string[];
  values: Record<string, unknown> | null;
}

/** The time of a row to the microsecond, in UTC: a JavaScript Date would drop the last three digits. */
const OCCURRED_AT = `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at`;

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@audit.cascade.test`;

describe('the audit log', () => {
  let app: TestApp;
  let admin: TestUser;
  let asAdmin: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createUser(app.dataSource, { role: Role.Admin });
    asAdmin = bearer((await signIn(app, admin)).accessToken);
  });
  afterAll(() => app.close());

  /** The rows about one record, oldest first; other test files write to the same table. */
  const rowsAbout = (entityType: string, entityId: string): Promise<AuditRow[]> =>
    app.dataSource.query<AuditRow[]>(
      `SELECT id, ${OCCURRED_AT}, actor_id, action, entity_type, entity_id, request_id, changed_fields, "values"
         FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, entityId],
    );

  const countByActor = async (actorId: string, entityType: string): Promise<number> => {
    const [{ count }] = await app.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM audit_log WHERE actor_id = $1 AND entity_type = $2',
      [actorId, entityType],
    );
    return count;
  };

  const invite = (headers: Record<string, string>, body: Record<string, unknown>) =>
    app.request({ method: 'POST', url: '/users', headers, payload: body });

  describe('what a write records', () => {
    it('records an invitation as a create by the admin, with no personal data in the row', async () => {
      const email = uniqueEmail('invited');
      const res = await invite(asAdmin, {
        email,
        displayName: 'Нилуфар Каримова',
        role: 'program_officer',
        countries: ['TJ', 'KG'],
        locale: 'tg',
      });
      expect(res.statusCode).toBe(201);
      const userId = res.json().user.id as string;

      const rows = await rowsAbout('user', userId);
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({
        action: 'create',
        entity_type: 'user',
        entity_id: userId,
        actor_id: admin.id,
        request_id: res.headers['x-request-id'],
      });
      expect(row.changed_fields).toEqual(expect.arrayContaining(['email', 'displayName', 'role', 'countries']));
      expect(row.values).toEqual({ role: 'program_officer', locale: 'tg', active: true, countries: ['KG', 'TJ'] });
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(email);
      expect(stored).not.toContain('Нилуфар');
    });

    it('records a change of role and countries, and nothing for a change that changes nothing', async () => {
      const created = await invite(asAdmin, {
        email: uniqueEmail('promoted'),
        displayName: 'Promoted Person',
        role: 'trainer',
        countries: ['KG'],
      });
      const userId = created.json().user.id as string;

      const changed = await app.request({
        method: 'PATCH',
        url: `/users/${userId}`,
        headers: asAdmin,
        payload: { role: 'program_officer', countries: ['KG', 'UA'] },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ role: 'program_officer', countries: ['KG', 'UA'] });

      const rows = await rowsAbout('user', userId);
      expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
      const update = rows[1];
      expect(update).toMatchObject({ actor_id: admin.id, request_id: changed.headers['x-request-id'] });
      expect(update.changed_fields).toEqual(expect.arrayContaining(['role', 'countries']));
      expect(update.values).toMatchObject({ role: 'program_officer' });
      expect((update.values?.countries as string[]).sort()).toEqual(['KG', 'UA']);

      const unchanged = await app.request({
        method: 'PATCH',
        url: `/users/${userId}`,
        headers: asAdmin,
        payload: { displayName: 'Promoted Person', role: 'program_officer', countries: ['UA', 'KG'] },
      });
      expect(unchanged.statusCode).toBe(200);
      expect(await rowsAbout('user', userId)).toHaveLength(2);
    });

    it('records a change of countries alone', async () => {
      const created = await invite(asAdmin, {
        email: uniqueEmail('rescoped'),
        displayName: 'Rescoped Person',
        role: 'trainer',
        countries: ['KG'],
      });
      const userId = created.json().user.id as string;

      const changed = await app.request({
        method: 'PATCH',
        url: `/users/${userId}`,
        headers: asAdmin,
        payload: { countries: ['TJ'] },
      });
      expect(changed.statusCode).toBe(200);

      const rows = await rowsAbout('user', userId);
      expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
      expect(rows[1]).toMatchObject({ changed_fields: ['countries'], values: { countries: ['TJ'] } });
    });

    it('records the accepted invitation as the invited user setting a password, without values', async () => {
      const created = await invite(asAdmin, {
        email: uniqueEmail('accepting'),
        displayName: 'Accepting Person',
        role: 'donor',
        countries: ['UA'],
      });
      const userId = created.json().user.id as string;

      const accepted = await app.request({
        method: 'POST',
        url: '/auth/accept-invitation',
        payload: { token: created.json().invitationToken, password: 'a long and unusual passphrase' },
      });
      expect(accepted.statusCode).toBe(204);

      const rows = await rowsAbout('user', userId);
      expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
      expect(rows[1]).toMatchObject({
        actor_id: userId,
        changed_fields: ['passwordHash'],
        values: null,
        request_id: accepted.headers['x-request-id'],
      });
    });

    it('records a new country as a create of a country', async () => {
      const taken = new Set(
        (await app.dataSource.query<{ code: string }[]>("SELECT code FROM countries WHERE code LIKE 'Q%'")).map(
          (c) => c.code,
        ),
      );
      const free = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter) => `Q${letter}`).filter((code) => !taken.has(code));
      const code = free[Math.floor(Math.random() * free.length)];
      const names = { en: 'Testland', ru: 'Тестландия', ky: 'Тестландия', tg: 'Тестланд', uk: 'Тестландія' };

      const res = await app.request({ method: 'POST', url: '/countries', headers: asAdmin, payload: { code, names } });
      expect(res.statusCode).toBe(201);

      const rows = await rowsAbout('country', code);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'create',
        entity_id: code,
        actor_id: admin.id,
        request_id: res.headers['x-request-id'],
        values: { code, names },
      });
      expect(rows[0].changed_fields).toEqual(expect.arrayContaining(['code', 'names']));
    });
  });

  describe('a write that fails', () => {
    // A fresh admin, so the count of their user rows moves only with this block's requests.
    let actor: TestUser;
    let asActor: Record<string, string>;
    beforeAll(async () => {
      actor = await createUser(app.dataSource, { role: Role.Admin });
      asActor = bearer((await signIn(app, actor)).accessToken);
    });

    it('records nothing for a duplicate email', async () => {
      const email = uniqueEmail('duplicate');
      const first = await invite(asActor, { email, displayName: 'First', role: 'trainer', countries: ['KG'] });
      expect(first.statusCode).toBe(201);
      const before = await countByActor(actor.id, 'user');

      const second = await invite(asActor, { email, displayName: 'Second', role: 'trainer', countries: ['KG'] });
      expect(second.statusCode).toBe(409);
      expect(second.json().code).toBe('email_taken');
      expect(await countByActor(actor.id, 'user')).toBe(before);
    });

    it('records nothing for an unknown country', async () => {
      const before = await countByActor(actor.id, 'user');
      const res = await invite(asActor, {
        email: uniqueEmail('nowhere'),
        displayName: 'Nowhere',
        role: 'trainer',
        countries: ['ZZ'],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'countries', code: 'unknown_country' })]);
      expect(await countByActor(actor.id, 'user')).toBe(before);
    });

    it('records nothing for an officer without countries', async () => {
      const before = await countByActor(actor.id, 'user');
      const res = await invite(asActor, {
        email: uniqueEmail('scopeless'),
        displayName: 'Scopeless',
        role: 'program_officer',
        countries: [],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([
        expect.objectContaining({ field: 'countries', code: 'country_scope_required' }),
      ]);
      expect(await countByActor(actor.id, 'user')).toBe(before);
    });
  });

  describe('the table itself', () => {
    it.each([
      ['UPDATE', "UPDATE audit_log SET action = 'delete' WHERE id = (SELECT max(id) FROM audit_log)"],
      ['DELETE', 'DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)'],
      ['TRUNCATE', 'TRUNCATE audit_log'],
    ])('refuses %s', async (_operation, sql) => {
      // A row to refuse to change, whatever else has run.
      await invite(asAdmin, { email: uniqueEmail('row'), displayName: 'Row', role: 'trainer', countries: ['KG'] });
      await expect(app.dataSource.query(sql)).rejects.toThrow('append-only');
    });
  });

  describe('GET /audit-log', () => {
    let actor: TestUser;
    let asActor: Record<string, string>;
    let firstUserId: string;
    let secondUserId: string;
    let first: AuditRow;
    let second: AuditRow;

    beforeAll(async () => {
      actor = await createUser(app.dataSource, { role: Role.Admin });
      asActor = bearer((await signIn(app, actor)).accessToken);
      for (const label of ['first', 'second']) {
        const res = await invite(asActor, {
          email: uniqueEmail(label),
          displayName: label,
          role: 'trainer',
          countries: ['KG'],
        });
        if (res.statusCode !== 201) throw new Error(`invite failed: ${res.body}`);
      }
      const rows = await app.dataSource.query<AuditRow[]>(
        `SELECT id, ${OCCURRED_AT}, entity_id
           FROM audit_log WHERE actor_id = $1 ORDER BY id`,
        [actor.id],
      );
      [first, second] = rows;
      firstUserId = first.entity_id;
      secondUserId = second.entity_id;
    });

    const list = (query: Record<string, string | number>, headers = asActor) =>
      app.request({
        method: 'GET',
        url: '/audit-log',
        headers,
        query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      });

    /** The ids of a page's entries, in the order given. */
    const idsOf = (res: LightMyRequestResponse) => res.json<{ items: { id: string }[] }>().items.map((item) => item.id);

    it("lists one actor's changes, newest first", async () => {
      const res = await list({ actorId: actor.id });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ total: 2, page: 1, limit: 20 });
      expect(idsOf(res)).toEqual([second.id, first.id]);
      expect(body.items[0]).toMatchObject({
        id: second.id,
        actorId: actor.id,
        action: 'create',
        entityType: 'user',
        entityId: secondUserId,
        values: { role: 'trainer', countries: ['KG'] },
      });
      expect(body.items[0].occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('filters by entity type and entity id', async () => {
      const byEntity = await list({ entityType: 'user', entityId: firstUserId });
      expect(idsOf(byEntity)).toEqual([first.id]);

      const otherType = await list({ actorId: actor.id, entityType: 'country' });
      expect(otherType.json()).toMatchObject({ total: 0, items: [] });
    });

    it('filters by a time range, both ends inclusive', async () => {
      const fromSecond = await list({ actorId: actor.id, from: second.occurred_at });
      expect(idsOf(fromSecond)).toEqual([second.id]);

      const untilFirst = await list({ actorId: actor.id, to: first.occurred_at });
      expect(idsOf(untilFirst)).toEqual([first.id]);

      const both = await list({ actorId: actor.id, from: first.occurred_at, to: second.occurred_at });
      expect(both.json().total).toBe(2);
    });

    it('pages', async () => {
      const pageOne = await list({ actorId: actor.id, limit: 1 });
      expect(pageOne.json()).toMatchObject({ total: 2, page: 1, limit: 1 });
      expect(idsOf(pageOne)).toEqual([second.id]);

      const pageTwo = await list({ actorId: actor.id, limit: 1, page: 2 });
      expect(idsOf(pageTwo)).toEqual([first.id]);
    });

    it('refuses a period that ends before it starts', async () => {
      const res = await list({ from: '2026-06-02T00:00:00Z', to: '2026-06-01T00:00:00Z' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'validation_failed',
        errors: [expect.objectContaining({ field: 'to', code: 'period_reversed' })],
      });
    });

    it.each([Role.ProgramOfficer, Role.Trainer, Role.Donor])('is closed to a %s', async (role) => {
      const user = await createUser(app.dataSource, { role });
      const res = await list({}, bearer((await signIn(app, user)).accessToken));
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    });
  });
});
