import { Role } from '@cascade/auth';

import { seedDemoData } from '../../src/demo/demo-data.js';
import { createCourse, createTrainer } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from './auth.js';
import { startTestApp, type TestApp } from './test-app.js';

export type Headers = Record<string, string>;
export type FieldErrors = { errors: { field: string; code: string; message: string }[] };

export const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * The training events tests' app with the demo data, officers of KG (one Russian) and TJ, an admin, a
 * donor, a course of three modules, and helpers. Call it inside a describe: its values are set once
 * that describe's beforeAll ran.
 */
export function useEventsFixture() {
  let app: TestApp;
  let officer: TestUser;
  let asOfficer: Headers;
  let asRussianOfficer: Headers;
  let asTjOfficer: Headers;
  let asAdmin: Headers;
  let asDonor: Headers;
  let course: { id: string; moduleIds: string[] };

  const signedIn = async (role: Role, countries: string[], locale = 'en') => {
    const user = await createUser(app.dataSource, { role, countries, locale });
    return { user, headers: bearer((await signIn(app, user)).accessToken) };
  };

  /** A trainer with an account, signed in: the trainers' own feature is built elsewhere. */
  const signedInTrainer = async (countryCode = 'KG', fullName = 'Асель Маматова') => {
    const { user, headers } = await signedIn(Role.Trainer, [countryCode]);
    const trainerId = await createTrainer(app.dataSource, { userId: user.id, countryCode, fullName });
    return { user, headers, trainerId };
  };

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemoData(app.dataSource);
    ({ user: officer, headers: asOfficer } = await signedIn(Role.ProgramOfficer, ['KG']));
    asRussianOfficer = (await signedIn(Role.ProgramOfficer, ['KG'], 'ru')).headers;
    asTjOfficer = (await signedIn(Role.ProgramOfficer, ['TJ'])).headers;
    asAdmin = (await signedIn(Role.Admin, [])).headers;
    asDonor = (await signedIn(Role.Donor, ['KG'])).headers;
    course = await createCourse(app.dataSource, { modules: 3 });
  });
  afterAll(() => app.close());

  const request = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: object,
  ) => app.request({ method, url, headers, ...(payload ? { payload } : {}) });

  const osh = (overrides: object = {}) => ({
    courseId: course.id,
    countryCode: 'KG',
    regionCode: 'KG-GO',
    venue: 'Osh, hotel "Sunrise", conference hall',
    language: 'ru',
    startDate: '2025-05-12',
    endDate: '2025-05-15',
    capacity: 25,
    ...overrides,
  });

  const auditActions = async (entityType: string, entityId: string) =>
    (
      await app.dataSource.query<{ action: string; actor_id: string | null }[]>(
        'SELECT action, actor_id FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id',
        [entityType, entityId],
      )
    ).map((row) => row.action);

  const fieldCodes = (body: FieldErrors) => body.errors.map((e) => `${e.field}:${e.code}`);

  /** An error answer without its request id, which differs on every request. */
  const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

  return {
    get app() {
      return app;
    },
    get officer() {
      return officer;
    },
    get asOfficer() {
      return asOfficer;
    },
    get asRussianOfficer() {
      return asRussianOfficer;
    },
    get asTjOfficer() {
      return asTjOfficer;
    },
    get asAdmin() {
      return asAdmin;
    },
    get asDonor() {
      return asDonor;
    },
    get course() {
      return course;
    },
    signedIn,
    signedInTrainer,
    request,
    osh,
    auditActions,
    fieldCodes,
    withoutRequestId,
  };
}
