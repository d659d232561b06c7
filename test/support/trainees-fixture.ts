import { randomUUID } from 'node:crypto';

import type { LightMyRequestResponse } from 'fastify';

import { Role } from '@cascade/auth';

import { seedDemoData } from '../../src/demo/demo-data.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from './auth.js';
import { startTestApp, type TestApp } from './test-app.js';

export type Headers = Record<string, string>;

export interface TraineeBody {
  id: string;
  fullName: string | null;
  latinName: string | null;
  sex: string;
  sexLabel: string;
  profession: string;
  professionLabel: string;
  organizationId: string | null;
  countryCode: string;
  regionCode: string | null;
  birthYear: number | null;
  phone: string | null;
  email: string | null;
  preferredLanguage: string | null;
  consent: { givenAt: string | null; withdrawnAt: string | null };
  anonymised: boolean;
}

export interface AuditRow {
  action: string;
  actor_id: string | null;
  changed_fields: string[];
  values: Record<string, unknown> | null;
  row_json: string;
}

/** A name no other test file uses, so a search or an audit scan finds only this test's rows. */
export const uniqueName = (base: string) => `${base} ${randomUUID().slice(0, 6)}`;

/**
 * The trainees tests' app with the demo data, an admin, officers of KG (Russian) and TJ, a donor, an
 * organisation of each country, and helpers. Call it inside a describe: its values are set once that
 * describe's beforeAll ran.
 */
export function useTraineesFixture() {
  let app: TestApp;
  let admin: Headers;
  let kgOfficerUser: TestUser;
  let kgOfficer: Headers;
  let tjOfficer: Headers;
  let donor: Headers;
  let kgOrganizationId: string;
  let tjOrganizationId: string;

  const signedIn = async (role: Role, countries: string[], locale = 'en') => {
    const user = await createUser(app.dataSource, { role, countries, locale });
    return { user, headers: bearer((await signIn(app, user)).accessToken) };
  };

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemoData(app.dataSource);
    admin = (await signedIn(Role.Admin, [])).headers;
    ({ user: kgOfficerUser, headers: kgOfficer } = await signedIn(Role.ProgramOfficer, ['KG'], 'ru'));
    tjOfficer = (await signedIn(Role.ProgramOfficer, ['TJ'])).headers;
    donor = (await signedIn(Role.Donor, ['KG', 'TJ'])).headers;
    const organization = async (headers: Headers, payload: object) =>
      (await app.request({ method: 'POST', url: '/organizations', headers, payload })).json<{ id: string }>().id;
    kgOrganizationId = await organization(kgOfficer, {
      name: 'Ошское бюро судебно-медицинской экспертизы (тест)',
      type: 'forensic_bureau',
      countryCode: 'KG',
      regionCode: 'KG-O',
    });
    tjOrganizationId = await organization(tjOfficer, {
      name: 'Бюрои экспертизаи тиббӣ-судии Суғд (тест)',
      type: 'forensic_bureau',
      countryCode: 'TJ',
    });
  });
  afterAll(() => app.close());

  const register = (headers: Headers, payload: object) =>
    app.request({ method: 'POST', url: '/trainees', headers, payload });

  const validTrainee = (overrides: object = {}) => ({
    fullName: uniqueName('Тоқтоғулов Нурлан'),
    sex: 'male',
    profession: 'forensic_expert',
    countryCode: 'KG',
    consentGiven: true,
    // The same names are registered many times here: duplicate detection has its own tests.
    notDuplicate: true,
    ...overrides,
  });

  const auditRows = (traineeId: string) =>
    app.dataSource.query<AuditRow[]>(
      `SELECT action, actor_id, changed_fields, "values", row_to_json(audit_log)::text AS row_json
         FROM audit_log WHERE entity_type = 'trainee' AND entity_id = $1 ORDER BY id`,
      [traineeId],
    );

  const withoutRequestId = (res: LightMyRequestResponse) => ({ ...res.json<object>(), requestId: null });

  return {
    get app() {
      return app;
    },
    get admin() {
      return admin;
    },
    get kgOfficerUser() {
      return kgOfficerUser;
    },
    get kgOfficer() {
      return kgOfficer;
    },
    get tjOfficer() {
      return tjOfficer;
    },
    get donor() {
      return donor;
    },
    get kgOrganizationId() {
      return kgOrganizationId;
    },
    get tjOrganizationId() {
      return tjOrganizationId;
    },
    signedIn,
    register,
    validTrainee,
    auditRows,
    withoutRequestId,
  };
}
