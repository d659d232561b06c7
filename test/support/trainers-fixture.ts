import type { InjectOptions } from 'fastify';

import { Role } from '@cascade/auth';

import { seedDemoData } from '../../src/demo/demo-data.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from './auth.js';
import { startTestApp, type TestApp } from './test-app.js';

export type Headers = Record<string, string>;

export interface Trainer {
  id: string;
  fullName: string;
  latinName: string;
  countryCode: string;
  level: string;
  levelLabel: string;
  status: string;
  statusLabel: string;
  userId: string | null;
  certified: boolean;
  trainedBy: { trainerId: string; name: string | null; eventId: string | null }[];
}

export interface AuditRow {
  action: string;
  actor_id: string | null;
  changed_fields: string[];
  values: Record<string, unknown> | null;
}

export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The trainer registry tests' app with the demo data (regions and organisations), an admin, officers of
 * KG (Russian) and TJ (Tajik), a donor, and helpers. Call it inside a describe: its values are set
 * once that describe's beforeAll ran.
 */
export function useTrainersFixture() {
  let app: TestApp;
  let admin: TestUser;
  let asAdmin: Headers;
  let kgOfficer: TestUser;
  let asKgOfficer: Headers;
  let asTjOfficer: Headers;
  let asDonor: Headers;

  const signedIn = async (role: Role, countries: string[], locale = 'en') => {
    const user = await createUser(app.dataSource, { role, countries, locale });
    return { user, headers: bearer((await signIn(app, user)).accessToken) };
  };

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemoData(app.dataSource); // regions and organisations
    ({ user: admin, headers: asAdmin } = await signedIn(Role.Admin, []));
    ({ user: kgOfficer, headers: asKgOfficer } = await signedIn(Role.ProgramOfficer, ['KG'], 'ru'));
    ({ headers: asTjOfficer } = await signedIn(Role.ProgramOfficer, ['TJ'], 'tg'));
    ({ headers: asDonor } = await signedIn(Role.Donor, ['KG', 'TJ', 'UA']));
  });
  afterAll(() => app.close());

  const call = (method: InjectOptions['method'], url: string, headers: Headers, payload?: object) =>
    app.request({ method, url, headers, ...(payload ? { payload } : {}) });

  const addTrainer = async (headers: Headers, payload: object): Promise<Trainer> => {
    const res = await call('POST', '/trainers', headers, payload);
    expect(res.statusCode).toBe(201);
    return res.json<Trainer>();
  };

  /** Audit rows about one record, oldest first. */
  const auditOf = (entityType: string, entityId: string) =>
    app.dataSource.query<AuditRow[]>(
      `SELECT action, actor_id, changed_fields, "values" FROM audit_log
        WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, entityId],
    );

  /** Rows written by one user about trainers, their links and certification: a user made for one test. */
  const auditCountBy = async (actorId: string) => {
    const [{ count }] = await app.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit_log
        WHERE actor_id = $1 AND entity_type IN ('trainer', 'trainer_link', 'trainer_requirement', 'trainer_refresher')`,
      [actorId],
    );
    return count;
  };

  return {
    get app() {
      return app;
    },
    get admin() {
      return admin;
    },
    get asAdmin() {
      return asAdmin;
    },
    get kgOfficer() {
      return kgOfficer;
    },
    get asKgOfficer() {
      return asKgOfficer;
    },
    get asTjOfficer() {
      return asTjOfficer;
    },
    get asDonor() {
      return asDonor;
    },
    signedIn,
    call,
    addTrainer,
    auditOf,
    auditCountBy,
  };
}
