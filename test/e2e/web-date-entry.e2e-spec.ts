import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { createCourse } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Visitor } from '../support/web.js';

/** Next year: the events planned here are never in the past. */
const next = new Date().getUTCFullYear() + 1;

/**
 * Dates and times typed on the pages day first (05.03.2027) in every language, whatever the
 * browser's language; YYYY-MM-DD still taken, as links and the API carry it.
 */
describe('web: dates and times typed day first', () => {
  let app: TestApp;
  let officer: TestUser;
  let course: { id: string; moduleIds: string[] };

  beforeAll(async () => {
    app = await startTestApp();
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'], locale: 'ky' });
    course = await createCourse(app.dataSource, { modules: 1 });
  });
  afterAll(() => app.close());

  // An English browser: the page is Kyrgyz because the account is.
  const signedIn = async (user: TestUser) => {
    const visitor = new Visitor(app, 'en-US');
    await visitor.signIn(user.email, user.password);
    return visitor;
  };

  const eventFields = (startDate: string, endDate: string) => ({
    courseId: course.id,
    countryCode: 'KG',
    venue: 'Ош, «Алай» мейманканасы',
    language: 'ky',
    startDate,
    endDate,
    capacity: '20',
  });

  it('plans an event typed 05.03 in Kyrgyz and adds a session at 9:30, saved as 5 March', async () => {
    const visitor = await signedIn(officer);
    const form = await visitor.get('/officer/events/new');
    expect(form.statusCode).toBe(200);
    // A text field with the format in Kyrgyz beside it, no browser date picker.
    expect(form.body).not.toMatch(/type="(date|time)"/);
    expect(form.body).toMatch(
      /<input id="startDate" name="startDate" type="text" inputmode="numeric" autocomplete="off"[^>]* aria-describedby="startDate-hint">/,
    );
    expect(form.body).toContain(
      `<span class="hint" id="startDate-hint">${translate('ky', 'web.date_entry.date')}</span>`,
    );
    expect(translate('ky', 'web.date_entry.date')).toMatch(/^кк\.аа\.жжжж/);

    const created = await visitor.post('/officer/events', eventFields(`05.03.${next}`, `7.3.${next}`));
    expect(created.statusCode).toBe(303);
    const eventId = String(created.headers.location).split('/')[3].split('?')[0];
    const [event] = await app.dataSource.query<{ start: string; end: string }[]>(
      `SELECT start_date::text AS start, end_date::text AS end FROM training_events WHERE id = $1`,
      [eventId],
    );
    expect(event).toEqual({ start: `${next}-03-05`, end: `${next}-03-07` });

    // The event page offers its first day, day first, and a 24-hour time.
    const page = await visitor.get(`/officer/events/${eventId}`);
    expect(page.body).toMatch(new RegExp(`id="session-date"[^>]* value="05\\.03\\.${next}"`));
    expect(page.body).toMatch(/id="session-start"[^>]* value="09:00"/);
    const session = await visitor.post(`/officer/events/${eventId}/sessions`, {
      date: `06.03.${next}`,
      startTime: '9:30',
      endTime: '1100',
    });
    expect(session.statusCode).toBe(303);
    const sessions = await app.dataSource.query<{ date: string; start: string; end: string }[]>(
      `SELECT date::text AS date, start_time::text AS start, end_time::text AS end
         FROM training_sessions WHERE event_id = $1`,
      [eventId],
    );
    expect(sessions).toEqual([{ date: `${next}-03-06`, start: '09:30:00', end: '11:00:00' }]);

    // The edit form shows the stored dates day first.
    const edit = await visitor.get(`/officer/events/${eventId}/edit`);
    expect(edit.body).toMatch(new RegExp(`id="startDate"[^>]* value="05\\.03\\.${next}"`));
    expect(edit.body).toMatch(new RegExp(`id="endDate"[^>]* value="07\\.03\\.${next}"`));
  });

  it('refuses 31.02 beside the field, in Kyrgyz, showing what was typed, and writes nothing', async () => {
    const visitor = await signedIn(officer);
    const venue = `Нарын ${Math.random().toString(36).slice(2, 8)}`;
    const refused = await visitor.post('/officer/events', {
      ...eventFields(`31.02.${next}`, `02.03.${next}`),
      venue,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`<span>${translate('ky', 'validation.isDateString')}</span>`);
    expect(refused.body).toMatch(
      new RegExp(
        `id="startDate"[^>]* value="31\\.02\\.${next}" aria-describedby="startDate-hint startDate-error" aria-invalid="true"`,
      ),
    );
    // The other date, readable, is shown day first.
    expect(refused.body).toMatch(new RegExp(`id="endDate"[^>]* value="02\\.03\\.${next}"`));
    expect(await app.dataSource.query('SELECT id FROM training_events WHERE venue = $1', [venue])).toEqual([]);

    // A time that is none (25:00) and a date outside the event: each beside its field, never a 500.
    const created = await visitor.post('/officer/events', eventFields(`10.04.${next}`, `11.04.${next}`));
    const eventId = String(created.headers.location).split('/')[3].split('?')[0];
    const session = await visitor.post(`/officer/events/${eventId}/sessions`, {
      date: `12.04.${next}`,
      startTime: '25:00',
      endTime: '10:30',
    });
    expect(session.statusCode).toBe(400);
    expect(session.body).toContain('id="session-start-error"');
    expect(session.body).toMatch(/id="session-start"[^>]* value="25:00"/);
    // The message says what to type, in the page's language.
    expect(session.body).toMatch(
      /id="session-start-error">\s*<span>убакыт сс:мм түрүндө болушу керек, мисалы 14:30\.<\/span>/,
    );
    const outside = await visitor.post(`/officer/events/${eventId}/sessions`, {
      date: `12.04.${next}`,
      startTime: '9:00',
      endTime: '10:30',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('id="session-date-error"');
    expect(outside.body).toMatch(new RegExp(`id="session-date"[^>]* value="12\\.04\\.${next}"`));
    expect(await app.dataSource.query('SELECT id FROM training_sessions WHERE event_id = $1', [eventId])).toEqual([]);
  });

  it('reads day first in English too: 03.05 is 3 May, never March 5', async () => {
    const english = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'], locale: 'en' });
    const visitor = await signedIn(english);
    const form = await visitor.get('/officer/events/new');
    expect(form.body).toContain('<span class="hint" id="startDate-hint">dd.mm.yyyy, e.g. 31.12.2027</span>');
    const created = await visitor.post('/officer/events', eventFields(`03/05/${next}`, `04.05.${next}`));
    expect(created.statusCode).toBe(303);
    const eventId = String(created.headers.location).split('/')[3].split('?')[0];
    const [event] = await app.dataSource.query<{ start: string }[]>(
      'SELECT start_date::text AS start FROM training_events WHERE id = $1',
      [eventId],
    );
    expect(event.start).toBe(`${next}-05-03`);
  });

  it('filters the events list and the report by dates typed day first, and still by YYYY-MM-DD links', async () => {
    const visitor = await signedIn(officer);
    const created = await visitor.post('/officer/events', eventFields(`14.09.${next}`, `15.09.${next}`));
    const eventId = String(created.headers.location).split('/')[3].split('?')[0];
    for (const [from, to] of [
      [`01.09.${next}`, `30.09.${next}`],
      [`${next}-09-01`, `${next}-09-30`],
    ]) {
      const list = await visitor.get(`/officer/events?from=${from}&to=${to}`);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(`/officer/events/${eventId}`);
      expect(list.body).toMatch(new RegExp(`id="f-from"[^>]* value="01\\.09\\.${next}"`));
    }
    const outside = await visitor.get(`/officer/events?from=01.10.${next}&to=31.10.${next}`);
    expect(outside.body).not.toContain(`/officer/events/${eventId}`);
    const refused = await visitor.get(`/officer/events?from=31.09.${next}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="f-from-error"');
    expect(refused.body).toMatch(new RegExp(`id="f-from"[^>]* value="31\\.09\\.${next}"`));

    const report = await visitor.get(`/progress?country=KG&from=01.01.${next}&to=31.03.${next}`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toMatch(new RegExp(`id="period-to"[^>]* value="31\\.03\\.${next}"`));
    // The export carries the period as the API takes it.
    expect(report.body).toContain(`name="to" value="${next}-03-31"`);
    const badPeriod = await visitor.get(`/progress?country=KG&from=01.01.${next}&to=31.02.${next}`);
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.body).toContain('id="period-to-error"');
    expect(badPeriod.body).toMatch(new RegExp(`id="period-to"[^>]* value="31\\.02\\.${next}"`));
  });

  it('keeps another country’s event out of reach, however its dates are typed', async () => {
    const tajikOfficer = await createUser(app.dataSource, {
      role: Role.ProgramOfficer,
      countries: ['TJ'],
      locale: 'tg',
    });
    const visitor = await signedIn(tajikOfficer);
    const refused = await visitor.post('/officer/events', eventFields(`05.03.${next}`, `06.03.${next}`));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="countryCode-error"');
    expect(refused.body).toMatch(new RegExp(`id="startDate"[^>]* value="05\\.03\\.${next}"`));
    expect(refused.body).toContain(
      `<span class="hint" id="startDate-hint">${translate('tg', 'web.date_entry.date')}</span>`,
    );
  });
});
