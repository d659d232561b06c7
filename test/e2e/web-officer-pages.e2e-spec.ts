import { randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';

import { uniqueSurname } from '../factories/names.js';
import { createCourse, createEvent, createTrainee, createTrainer, enroll } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Visitor } from '../support/web.js';

const year = new Date().getUTCFullYear();

describe('web: the officer’s events, courses and dashboard', () => {
  let app: TestApp;
  let officer: TestUser;
  let course: { id: string; moduleIds: string[] };

  beforeAll(async () => {
    app = await startTestApp();
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    course = await createCourse(app.dataSource, { modules: 2 });
    await app.dataSource.query(
      `INSERT INTO regions (code, country_code, names) VALUES ('KG-GO', 'KG', $1) ON CONFLICT (code) DO NOTHING`,
      [JSON.stringify({ en: 'Osh city', ru: 'город Ош', ky: 'Ош шаары', tg: 'шаҳри Ош', uk: 'місто Ош' })],
    );
  });
  afterAll(() => app.close());

  const signedIn = async (user: TestUser, language = 'en') => {
    const visitor = new Visitor(app, language);
    await visitor.signIn(user.email, user.password);
    return visitor;
  };

  it('shows the dashboard with the year’s progress as an accessible SVG chart and upcoming events', async () => {
    // A country of this test's own: other files add Kyrgyz events that would crowd the upcoming list.
    const names = { en: 'Testland', ru: 'Тестландия', ky: 'Тестлэнд', tg: 'Тестланд', uk: 'Тестландія' };
    await app.dataSource.query(`INSERT INTO countries (code, names) VALUES ('QO', $1) ON CONFLICT (code) DO NOTHING`, [
      JSON.stringify(names),
    ]);
    const countryOfficer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['QO'] });
    const eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      countryCode: 'QO',
      startDate: `${year + 1}-03-02`,
      endDate: `${year + 1}-03-04`,
    });
    const visitor = await signedIn(countryOfficer);
    const page = await visitor.get('/officer?country=QO');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Country dashboard</h1>');
    expect(page.body).toMatch(/<svg[^>]* role="img" aria-labelledby="progress-chart-title"/);
    expect(page.body).toContain(`<title id="progress-chart-title">Testland, ${year}: actual against target`);
    expect(page.body).toContain('<table class="data">');
    expect(page.body).toContain(`/officer/events/${eventId}`);
    // Another country than one's own reads as missing, as the API answers.
    expect((await visitor.get('/officer?country=KG')).statusCode).toBe(404);
  });

  it('lists courses in the user’s language and shows a course’s modules, hours and pass rules', async () => {
    const visitor = await signedIn(officer, 'ru');
    await visitor.post('/language', { locale: 'ru', returnTo: '/officer/courses' });
    const list = await visitor.get('/officer/courses');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Стамбульский протокол для судебно-медицинских экспертов');
    const page = await visitor.get(`/officer/courses/${course.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Модуль 1');
    expect(page.body).toContain('80%');
    expect(page.body).toContain('Итоговый тест, не менее');
    await visitor.post('/language', { locale: 'en', returnTo: '/' });
  });

  it('creates an event with the form, refusing bad fields beside them with the input kept, then 303', async () => {
    const visitor = await signedIn(officer);
    const form = await visitor.get('/officer/events/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="_csrf"');
    const fields = {
      courseId: course.id,
      countryCode: 'KG',
      regionCode: 'KG-GO',
      venue: 'Osh, Hotel Alay',
      language: 'ky',
      startDate: `${year + 1}-05-14`,
      endDate: `${year + 1}-05-12`,
      capacity: 'many',
    };
    const bad = await visitor.post('/officer/events', fields);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="capacity-error"');
    expect(bad.body).toMatch(/id="capacity"[^>]*value="many"[^>]*aria-invalid="true"/);
    expect(bad.body).toContain('value="Osh, Hotel Alay"');
    const reversed = await visitor.post('/officer/events', { ...fields, capacity: '20' });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain('id="endDate-error"');
    const outOfScope = await visitor.post('/officer/events', { ...fields, capacity: '20', countryCode: 'TJ' });
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.body).toContain('id="countryCode-error"');

    const created = await visitor.post('/officer/events', { ...fields, capacity: '20', endDate: `${year + 1}-05-15` });
    expect(created.statusCode).toBe(303);
    const location = String(created.headers.location);
    expect(location).toMatch(/^\/officer\/events\/[0-9a-f-]{36}\?saved=created$/);
    const page = await visitor.get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The event was created.');
    expect(page.body).toContain('Osh, Hotel Alay');
    const eventId = location.split('/')[3].split('?')[0];
    const [row] = await app.dataSource.query<{ capacity: number; region_code: string }[]>(
      'SELECT capacity, region_code FROM training_events WHERE id = $1',
      [eventId],
    );
    expect(row).toEqual({ capacity: 20, region_code: 'KG-GO' });

    // Editing keeps its input on a refusal.
    const edit = await visitor.post(`/officer/events/${eventId}/edit`, {
      venue: 'Osh',
      language: 'ru',
      startDate: `${year + 1}-05-14`,
      endDate: `${year + 1}-05-30`,
      capacity: '20',
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.body).toContain('id="endDate-error"');
    // Shown again day first, as the field takes it.
    expect(edit.body).toContain(`value="30.05.${year + 1}"`);
  });

  it('adds and removes sessions, assigns trainers with a booking clash beside the field, and moves the status', async () => {
    const visitor = await signedIn(officer);
    const start = `${year + 1}-06-02`;
    const eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      startDate: start,
      endDate: `${year + 1}-06-04`,
    });
    const lead = await createTrainer(app.dataSource, { fullName: `Асель ${uniqueSurname()}` });
    const co = await createTrainer(app.dataSource, { fullName: `Нурлан ${uniqueSurname()}` });

    const outside = await visitor.post(`/officer/events/${eventId}/sessions`, {
      date: `${year + 1}-06-09`,
      startTime: '09:00',
      endTime: '10:30',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('id="session-date-error"');
    expect(outside.body).toContain(`value="09.06.${year + 1}"`);

    const added = await visitor.post(`/officer/events/${eventId}/sessions`, {
      date: start,
      startTime: '09:00',
      endTime: '10:30',
      moduleId: course.moduleIds[0],
    });
    expect(added.statusCode).toBe(303);
    const overlap = await visitor.post(`/officer/events/${eventId}/sessions`, {
      date: start,
      startTime: '10:00',
      endTime: '11:00',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.body).toContain('id="session-start-error"');

    const [session] = await app.dataSource.query<{ id: string }[]>(
      'SELECT id FROM training_sessions WHERE event_id = $1',
      [eventId],
    );
    const removed = await visitor.post(`/officer/events/${eventId}/sessions/${session.id}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect(await app.dataSource.query('SELECT id FROM training_sessions WHERE event_id = $1', [eventId])).toEqual([]);

    const noLead = await visitor.post(`/officer/events/${eventId}/trainers`, {
      'trainer.0': lead,
      'role.0': 'co_trainer',
    });
    expect(noLead.statusCode).toBe(400);
    expect(noLead.body).toContain('id="trainer-0-error"');

    // The co-trainer is already booked on another event at the same dates: 409, beside their row.
    const other = await createEvent(app.dataSource, { courseId: course.id, startDate: start, endDate: start });
    await app.dataSource.query("INSERT INTO event_trainers (event_id, trainer_id, role) VALUES ($1, $2, 'lead')", [
      other,
      co,
    ]);
    const clash = await visitor.post(`/officer/events/${eventId}/trainers`, {
      'trainer.0': lead,
      'role.0': 'lead',
      'trainer.1': co,
      'role.1': 'co_trainer',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toMatch(/id="trainer-1-error">\s*<span>[^<]*is already booked/);
    expect(clash.body).toMatch(new RegExp(`<option value="${co}" selected>`));

    const saved = await visitor.post(`/officer/events/${eventId}/trainers`, { 'trainer.0': lead, 'role.0': 'lead' });
    expect(saved.statusCode).toBe(303);
    const status = await visitor.post(`/officer/events/${eventId}/status`, { status: 'completed' });
    expect(status.statusCode).toBe(409);
    expect(status.body).toContain('role="alert"');
    expect((await visitor.post(`/officer/events/${eventId}/status`, { status: 'ongoing' })).statusCode).toBe(303);
    const [row] = await app.dataSource.query<{ status: string }[]>('SELECT status FROM training_events WHERE id = $1', [
      eventId,
    ]);
    expect(row.status).toBe('ongoing');
  });

  it('lists events with filters and paging, and draws the month calendar', async () => {
    const visitor = await signedIn(officer);
    const eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      startDate: `${year + 2}-02-03`,
      endDate: `${year + 2}-02-05`,
    });
    const list = await visitor.get(
      `/officer/events?country=KG&status=planned&from=${year + 2}-02-01&to=${year + 2}-02-28`,
    );
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/officer/events/${eventId}`);
    const bad = await visitor.get('/officer/events?from=soon');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-from-error"');
    const calendar = await visitor.get(`/officer/calendar?month=${year + 2}-02&country=KG`);
    expect(calendar.statusCode).toBe(200);
    expect(calendar.body).toContain('<table class="calendar">');
    expect(calendar.body.split(`/officer/events/${eventId}`).length - 1).toBe(3);
  });

  it('enrols a found trainee, and warns of a possible duplicate when registering, until confirmed', async () => {
    const visitor = await signedIn(officer);
    const eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      startDate: `${year + 1}-07-01`,
      endDate: `${year + 1}-07-02`,
    });
    const surname = uniqueSurname();
    const traineeId = await createTrainee(app.dataSource, { fullName: `${surname} Айбек` });
    const found = await visitor.get(`/officer/events/${eventId}/enrol?q=${encodeURIComponent(surname)}`);
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`${surname} Айбек`);
    const enrolled = await visitor.post(`/officer/events/${eventId}/enrol`, { traineeId, q: surname });
    expect(enrolled.statusCode).toBe(303);
    const again = await visitor.post(`/officer/events/${eventId}/enrol`, { traineeId, q: surname });
    expect(again.statusCode).toBe(409);

    const fields = { fullName: `${surname} Айбек`, sex: 'male', profession: 'judge', consentGiven: 'true' };
    const noConsent = await visitor.post(`/officer/events/${eventId}/register`, { ...fields, consentGiven: '' });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain('id="consentGiven-error"');
    const warned = await visitor.post(`/officer/events/${eventId}/register`, fields);
    expect(warned.statusCode).toBe(409);
    expect(warned.body).toContain('This person may already be recorded');
    expect(warned.body).toContain(`value="${traineeId}"`);
    expect(warned.body).toContain(`value="${surname} Айбек"`);
    expect(warned.body).toContain('name="notDuplicate"');
    const confirmed = await visitor.post(`/officer/events/${eventId}/register`, { ...fields, notDuplicate: 'true' });
    expect(confirmed.statusCode).toBe(303);
    const rows = await app.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM enrollments WHERE event_id = $1',
      [eventId],
    );
    expect(rows[0].n).toBe('2');
  });

  it('registers nobody when the enrolment that follows is refused (the event is full)', async () => {
    const visitor = await signedIn(officer);
    const eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      startDate: `${year + 1}-08-03`,
      endDate: `${year + 1}-08-04`,
      capacity: 1,
    });
    await enroll(
      app.dataSource,
      eventId,
      await createTrainee(app.dataSource, { fullName: `${uniqueSurname()} Бакыт` }),
    );
    const fullName = `${uniqueSurname()} Нурлан`;
    const refused = await visitor.post(`/officer/events/${eventId}/register`, {
      fullName,
      sex: 'male',
      profession: 'judge',
      consentGiven: 'true',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('The event is full: its 1 place is taken.');
    expect(refused.body).toContain(`value="${fullName}"`);
    // By the name alone: other files register trainees in the shared database meanwhile.
    const named = await app.dataSource.query('SELECT id FROM trainees WHERE full_name = $1', [fullName]);
    expect(named).toEqual([]);
  });

  it('refuses trainers and donors (403) and an officer of another country (404)', async () => {
    const eventId = await createEvent(app.dataSource, { courseId: course.id });
    for (const role of [Role.Trainer, Role.Donor]) {
      const visitor = await signedIn(await createUser(app.dataSource, { role, countries: ['KG'] }));
      for (const url of [
        '/officer',
        '/officer/events',
        '/officer/calendar',
        `/officer/events/${eventId}`,
        `/officer/courses/${course.id}`,
        `/officer/events/${eventId}/enrol`,
      ]) {
        expect([url, (await visitor.get(url)).statusCode]).toEqual([url, 403]);
      }
      expect((await visitor.post(`/officer/events/${eventId}/status`, { status: 'ongoing' })).statusCode).toBe(403);
    }
    const stranger = await signedIn(await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'] }));
    expect((await stranger.get(`/officer/events/${eventId}`)).statusCode).toBe(404);
    expect((await stranger.get(`/officer/events/${eventId}/enrol`)).statusCode).toBe(404);
    expect((await stranger.post(`/officer/events/${eventId}/status`, { status: 'ongoing' })).statusCode).toBe(404);
    expect(
      (
        await stranger.post(`/officer/events/${eventId}/sessions`, {
          date: '2025-05-12',
          startTime: '09:00',
          endTime: '10:00',
        })
      ).statusCode,
    ).toBe(404);
    expect((await stranger.get(`/officer/events/${randomUUID()}`)).statusCode).toBe(404);
    // Without the CSRF field, a form is refused.
    const visitor = await signedIn(officer);
    expect(
      (await visitor.post(`/officer/events/${eventId}/status`, { status: 'ongoing' }, { csrf: null })).statusCode,
    ).toBe(403);
  });
});
