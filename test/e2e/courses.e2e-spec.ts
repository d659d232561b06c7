import { Role } from '@cascade/auth';

import { createCourse, createEvent, createSession } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Headers = Record<string, string>;

interface CourseBody {
  id: string;
  title: string;
  description: string | null;
  modules: { id: string; position: number; title: string; hours: number }[];
  totalHours: number;
  targetProfessions: string[];
  minAttendancePercent: number;
  minPostScore: number | null;
  certificateValidityMonths: number | null;
  active: boolean;
}

const IP_FOR_LAWYERS = {
  titles: { en: 'Istanbul Protocol for defense lawyers', ru: 'Стамбульский протокол для адвокатов' },
  descriptions: { en: 'Documenting torture for the courts.' },
  modules: [
    { titles: { en: 'The legal standard', ru: 'Правовой стандарт' }, hours: 4 },
    { titles: { en: 'Medical evidence in court' }, hours: 3.5 },
    { titles: { ru: 'Работа с пострадавшими' }, hours: 2 },
  ],
  targetProfessions: ['defense_lawyer', 'prosecutor', 'defense_lawyer'],
  minAttendancePercent: 75,
  minPostScore: null,
  certificateValidityMonths: 36,
};

describe('courses', () => {
  let app: TestApp;
  let officer: TestUser;
  let asOfficer: Headers;
  let asRussianTrainer: Headers;
  let asTajikAdmin: Headers;
  let asDonor: Headers;

  const signedIn = async (role: Role, locale = 'en') => {
    const user = await createUser(app.dataSource, { role, locale });
    return { user, headers: bearer((await signIn(app, user)).accessToken) };
  };

  beforeAll(async () => {
    app = await startTestApp();
    ({ user: officer, headers: asOfficer } = await signedIn(Role.ProgramOfficer));
    asRussianTrainer = (await signedIn(Role.Trainer, 'ru')).headers;
    asTajikAdmin = (await signedIn(Role.Admin, 'tg')).headers;
    asDonor = (await signedIn(Role.Donor)).headers;
  });
  afterAll(() => app.close());

  const createCourseAs = (headers: Headers, payload: object) =>
    app.request({ method: 'POST', url: '/courses', headers, payload });
  const patchCourse = (headers: Headers, id: string, payload: object) =>
    app.request({ method: 'PATCH', url: `/courses/${id}`, headers, payload });
  const auditRows = (entityType: string, entityId: string) =>
    app.dataSource.query<{ action: string; actor_id: string; changed_fields: string[]; values: object }[]>(
      `SELECT action, actor_id, changed_fields, "values" FROM audit_log
        WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, entityId],
    );

  it('lets an officer write a course with ordered modules and pass rules, audited', async () => {
    const res = await createCourseAs(asOfficer, IP_FOR_LAWYERS);
    expect(res.statusCode).toBe(201);
    const course = res.json<CourseBody>();
    expect(course).toMatchObject({
      title: 'Istanbul Protocol for defense lawyers',
      description: 'Documenting torture for the courts.',
      totalHours: 9.5,
      targetProfessions: ['defense_lawyer', 'prosecutor'],
      minAttendancePercent: 75,
      minPostScore: null,
      certificateValidityMonths: 36,
      active: true,
    });
    expect(course.modules.map((m) => [m.position, m.title, m.hours])).toEqual([
      [1, 'The legal standard', 4],
      [2, 'Medical evidence in court', 3.5],
      [3, 'Работа с пострадавшими', 2],
    ]);

    const [row] = await auditRows('course', course.id);
    expect(row).toMatchObject({ action: 'create', actor_id: officer.id });
    expect(row.values).toMatchObject({ minAttendancePercent: 75, certificateValidityMonths: 36 });
    for (const module of course.modules) {
      expect((await auditRows('course_module', module.id)).map((r) => r.action)).toEqual(['create']);
    }
  });

  it("answers in the caller's language, else English, else the language the title has", async () => {
    const { id } = (await createCourseAs(asOfficer, IP_FOR_LAWYERS)).json<CourseBody>();
    const inRussian = (await app.request({ method: 'GET', url: `/courses/${id}`, headers: asRussianTrainer })).json();
    expect(inRussian.title).toBe('Стамбульский протокол для адвокатов');
    expect(inRussian.description).toBe('Documenting torture for the courts.');
    expect(inRussian.modules.map((m: { title: string }) => m.title)).toEqual([
      'Правовой стандарт',
      'Medical evidence in court',
      'Работа с пострадавшими',
    ]);
    const inTajik = (await app.request({ method: 'GET', url: `/courses/${id}`, headers: asTajikAdmin })).json();
    expect(inTajik.title).toBe('Istanbul Protocol for defense lawyers');

    const kyrgyzOnly = await createCourseAs(asOfficer, {
      titles: { ky: 'Стамбул протоколу: соттор үчүн' },
      modules: [{ titles: { ky: 'Киришүү' }, hours: 2 }],
    });
    expect(kyrgyzOnly.json()).toMatchObject({
      title: 'Стамбул протоколу: соттор үчүн',
      description: null,
      minAttendancePercent: 80,
      minPostScore: 70,
      certificateValidityMonths: null,
    });
  });

  it('edits a course: reorders modules keeping their ids and sessions, adds and removes, audits each', async () => {
    const course = (await createCourseAs(asOfficer, IP_FOR_LAWYERS)).json<CourseBody>();
    const [first, second, third] = course.modules;
    const eventId = await createEvent(app.dataSource, { courseId: course.id });
    const sessionId = await createSession(app.dataSource, eventId, { moduleId: second.id });
    const droppedSession = await createSession(app.dataSource, eventId, {
      moduleId: third.id,
      startTime: '11:00',
      endTime: '12:30',
    });

    const res = await patchCourse(asOfficer, course.id, {
      titles: { en: 'IP for lawyers', ru: 'СП для адвокатов' },
      modules: [
        { id: second.id, titles: { en: 'Medical evidence in court' }, hours: 3.5 },
        { id: first.id, titles: { en: 'The legal standard, revised' }, hours: 5 },
        { titles: { en: 'Moot court' }, hours: 6 },
      ],
      minPostScore: 75,
      active: false,
    });
    expect(res.statusCode).toBe(200);
    const edited = res.json<CourseBody>();
    expect(edited).toMatchObject({ title: 'IP for lawyers', totalHours: 14.5, minPostScore: 75, active: false });
    expect(edited.modules.map((m) => [m.id, m.position, m.title])).toEqual([
      [second.id, 1, 'Medical evidence in court'],
      [first.id, 2, 'The legal standard, revised'],
      [expect.any(String), 3, 'Moot court'],
    ]);

    const sessions = await app.dataSource.query<{ id: string; module_id: string | null }[]>(
      'SELECT id, module_id FROM training_sessions WHERE id = ANY($1) ORDER BY start_time',
      [[sessionId, droppedSession]],
    );
    expect(sessions).toEqual([
      { id: sessionId, module_id: second.id },
      { id: droppedSession, module_id: null },
    ]);

    expect((await auditRows('course', course.id)).map((r) => r.action)).toEqual(['create', 'update']);
    expect((await auditRows('course_module', third.id)).map((r) => r.action)).toEqual(['create', 'delete']);
    const firstRows = await auditRows('course_module', first.id);
    expect(firstRows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(firstRows[1].values).toMatchObject({ position: 2, hours: 5 });
  });

  it('refuses a course without a title, and bad fields one by one', async () => {
    const untitled = await createCourseAs(asOfficer, { ...IP_FOR_LAWYERS, titles: { en: '  ', ru: '' } });
    expect(untitled.statusCode).toBe(400);
    expect(untitled.json().errors).toEqual([
      { field: 'titles', code: 'title_required', message: 'must give a title in at least one language.' },
    ]);
    const untitledModule = await createCourseAs(asOfficer, {
      ...IP_FOR_LAWYERS,
      modules: [{ titles: {}, hours: 2 }],
    });
    expect(untitledModule.json().errors).toEqual([expect.objectContaining({ field: 'modules.0.titles' })]);

    const bad = await createCourseAs(asOfficer, {
      titles: { en: 'x'.repeat(201), fr: 'Protocole' },
      modules: [
        { titles: { en: 'A' }, hours: 0 },
        { titles: { en: 'B' }, hours: 100.5 },
        { titles: { en: 'C' }, hours: 'four' },
      ],
      targetProfessions: ['astronaut'],
      minAttendancePercent: 101,
      minPostScore: -1,
      certificateValidityMonths: 121,
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<{ errors: { field: string; code: string }[] }>().errors.map((e) => `${e.field}:${e.code}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'titles.en:maxLength',
        'titles.fr:whitelistValidation',
        'modules.0.hours:min',
        'modules.1.hours:max',
        'modules.2.hours:isNumber',
        'targetProfessions:isEnum',
        'minAttendancePercent:max',
        'minPostScore:min',
        'certificateValidityMonths:max',
      ]),
    );

    const noModules = await createCourseAs(asOfficer, { ...IP_FOR_LAWYERS, modules: [] });
    expect(noModules.json().errors).toEqual([expect.objectContaining({ field: 'modules', code: 'arrayMinSize' })]);
  });

  it('refuses a null where a value is required, and a module id that is not the course’s', async () => {
    const course = (await createCourseAs(asOfficer, IP_FOR_LAWYERS)).json<CourseBody>();
    const other = await createCourse(app.dataSource);
    const nulls = await patchCourse(asOfficer, course.id, { minAttendancePercent: null, titles: null });
    expect(nulls.statusCode).toBe(400);
    expect(nulls.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['minAttendancePercent', 'titles']),
    );
    const foreign = await patchCourse(asOfficer, course.id, {
      modules: [{ id: other.moduleIds[0], titles: { en: 'Stolen' }, hours: 1 }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors).toEqual([expect.objectContaining({ field: 'modules.0.id', code: 'unknown_module' })]);
    const cleared = await patchCourse(asOfficer, course.id, { certificateValidityMonths: null });
    expect(cleared.json()).toMatchObject({ certificateValidityMonths: null });
  });

  it('lists courses by page, by profession, title and state', async () => {
    const marker = `Marker ${Date.now()}`;
    const judges = (
      await createCourseAs(asOfficer, {
        titles: { en: `${marker} judges`, ru: `${marker} судьи` },
        modules: [{ titles: { en: 'One' }, hours: 1 }],
        targetProfessions: ['judge'],
      })
    ).json<CourseBody>();
    const retired = (
      await createCourseAs(asOfficer, {
        titles: { en: `${marker} retired` },
        modules: [{ titles: { en: 'One' }, hours: 1 }],
      })
    ).json<CourseBody>();
    await patchCourse(asOfficer, retired.id, { active: false });

    const bySearch = await app.request({
      method: 'GET',
      url: `/courses?search=${encodeURIComponent(marker)}&limit=1`,
      headers: asRussianTrainer,
    });
    expect(bySearch.statusCode).toBe(200);
    expect(bySearch.json()).toMatchObject({ total: 2, page: 1, limit: 1 });
    expect(bySearch.json().items).toHaveLength(1);

    const active = await app.request({
      method: 'GET',
      url: `/courses?search=${encodeURIComponent(marker)}&active=true&profession=judge`,
      headers: asOfficer,
    });
    expect(active.json().items.map((c: CourseBody) => c.id)).toEqual([judges.id]);
    const inRussian = await app.request({
      method: 'GET',
      url: `/courses?search=${encodeURIComponent(`${marker} суд`)}`,
      headers: asRussianTrainer,
    });
    expect(inRussian.json().items.map((c: CourseBody) => c.title)).toEqual([`${marker} судьи`]);

    const badQuery = await app.request({
      method: 'GET',
      url: '/courses?profession=pilot&limit=500',
      headers: asOfficer,
    });
    expect(badQuery.statusCode).toBe(400);
    expect(
      badQuery
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['limit', 'profession']);
  });

  it('is read by trainers, written only by officers and admins, and never shown to donors', async () => {
    const { id } = (await createCourseAs(asOfficer, IP_FOR_LAWYERS)).json<CourseBody>();
    expect((await app.request({ method: 'GET', url: `/courses/${id}`, headers: asRussianTrainer })).statusCode).toBe(
      200,
    );
    expect((await createCourseAs(asRussianTrainer, IP_FOR_LAWYERS)).statusCode).toBe(403);
    expect((await patchCourse(asRussianTrainer, id, { active: false })).statusCode).toBe(403);
    for (const url of ['/courses', `/courses/${id}`]) {
      const res = await app.request({ method: 'GET', url, headers: asDonor });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    const missing = await app.request({
      method: 'GET',
      url: '/courses/00000000-0000-4000-8000-000000000000',
      headers: asOfficer,
    });
    expect(missing.statusCode).toBe(404);
    expect((await patchCourse(asTajikAdmin, '00000000-0000-4000-8000-000000000000', { active: true })).statusCode).toBe(
      404,
    );
  });
});
