import ExcelJS from 'exceljs';

import { Role } from '@cascade/auth';

import { uniqueSurname } from '../factories/names.js';
import {
  assignTrainer,
  createCourse,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { itReadingPdfs, pdfText } from '../support/certificates-fixture.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Visitor } from '../support/web.js';

const year = new Date().getUTCFullYear();

describe('web: events list, withdrawing an enrolment, sign-in sheets and the attendance summary', () => {
  let app: TestApp;
  let officer: TestUser;
  let course: { id: string; moduleIds: string[] };

  beforeAll(async () => {
    app = await startTestApp();
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    course = await createCourse(app.dataSource, { modules: 1 });
    await app.dataSource.query(
      `INSERT INTO regions (code, country_code, names) VALUES ('KG-C', 'KG', $1) ON CONFLICT (code) DO NOTHING`,
      [
        JSON.stringify({
          en: 'Chüy Region',
          ru: 'Чуйская область',
          ky: 'Чүй облусу',
          tg: 'вилояти Чуй',
          uk: 'Чуйська область',
        }),
      ],
    );
  });
  afterAll(() => app.close());

  const signedIn = async (user: TestUser, language = 'en') => {
    const visitor = new Visitor(app, language);
    await visitor.signIn(user.email, user.password);
    await visitor.post('/language', { locale: language, returnTo: '/' });
    return visitor;
  };

  it('lists upcoming events first, finds one by venue or trainer, and names its region and country', async () => {
    const venue = `Токмок ${uniqueSurname()}`;
    const past = await createEvent(app.dataSource, {
      courseId: course.id,
      startDate: `${year - 1}-03-02`,
      endDate: `${year - 1}-03-03`,
    });
    const next = await createEvent(app.dataSource, {
      courseId: course.id,
      startDate: `${year + 1}-03-02`,
      endDate: `${year + 1}-03-03`,
    });
    await app.dataSource.query(`UPDATE training_events SET venue = $1, region_code = 'KG-C' WHERE id = ANY($2)`, [
      venue,
      [past, next],
    ]);
    const trainerName = `Бакыт ${uniqueSurname()}`;
    await assignTrainer(app.dataSource, next, await createTrainer(app.dataSource, { fullName: trainerName }));
    const visitor = await signedIn(officer);
    const list = await visitor.get(`/officer/events?search=${encodeURIComponent(venue)}`);
    expect(list.statusCode).toBe(200);
    expect(list.body.indexOf(`/officer/events/${next}`)).toBeLessThan(list.body.indexOf(`/officer/events/${past}`));
    // Another test file may have named the shared KG-C first (ON CONFLICT DO NOTHING): its name as stored.
    const [{ region }] = await app.dataSource.query<{ region: string }[]>(
      `SELECT names ->> 'en' AS region FROM regions WHERE code = 'KG-C'`,
    );
    expect(list.body).toContain(`${venue}, ${region}, Kyrgyzstan`);
    expect(list.body).not.toContain('(KG-C)');
    expect(list.body).toContain(`value="${venue}"`);
    const byTrainer = await visitor.get(`/officer/events?search=${encodeURIComponent(trainerName)}`);
    expect(byTrainer.body).toContain(`/officer/events/${next}`);
    expect(byTrainer.body).not.toContain(`/officer/events/${past}`);
  });

  it('withdraws an enrolment with a reason, refusing a blank reason beside its field', async () => {
    const eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      startDate: `${year + 1}-05-02`,
      endDate: `${year + 1}-05-03`,
    });
    const traineeId = await createTrainee(app.dataSource, { fullName: `Нургүл ${uniqueSurname()}`, birthYear: 1984 });
    const enrollmentId = await enroll(app.dataSource, eventId, traineeId);
    const visitor = await signedIn(officer);
    const page = await visitor.get(`/officer/events/${eventId}`);
    expect(page.body).toContain('Forensic medical expert · born 1984');
    const url = `/officer/events/${eventId}/enrollments/${enrollmentId}/withdraw`;
    const blank = await visitor.post(url, { reason: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toMatch(new RegExp(`id="reason-${enrollmentId}"[^>]*aria-invalid="true"`));
    expect(blank.body).toContain('Write why the place is given up.');
    const done = await visitor.post(url, { reason: 'Moved to another city' });
    expect(done.statusCode).toBe(303);
    const [row] = await app.dataSource.query(`SELECT status, withdrawal_reason FROM enrollments WHERE id = $1`, [
      enrollmentId,
    ]);
    expect(row).toEqual({ status: 'withdrawn', withdrawal_reason: 'Moved to another city' });
    expect((await visitor.get(`/officer/events/${eventId}`)).body).toContain('Moved to another city');
  });

  itReadingPdfs(
    'prints a sign-in sheet in the event’s language and sums up attendance as a page and XLSX',
    async () => {
      const eventId = await createEvent(app.dataSource, {
        courseId: course.id,
        language: 'ky',
        startDate: '2025-05-12',
        endDate: '2025-05-13',
      });
      const first = await createSession(app.dataSource, eventId, { date: '2025-05-12' });
      await createSession(app.dataSource, eventId, { date: '2025-05-13' });
      const name = `Жылдыз ${uniqueSurname()}`;
      const traineeId = await createTrainee(app.dataSource, { fullName: name, profession: 'psychologist' });
      await enroll(app.dataSource, eventId, traineeId);
      await app.dataSource.query(
        `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
       VALUES (gen_random_uuid(), $1, $2, 'present', $3, now())`,
        [first, traineeId, officer.id],
      );
      const visitor = await signedIn(officer);
      const sheet = await visitor.get(`/attendance-sheets/${eventId}?session=${first}`);
      expect(sheet.statusCode).toBe(200);
      expect(sheet.headers['content-type']).toBe('application/pdf');
      const text = pdfText(sheet.rawPayload);
      expect(text).toContain('Катышуучулардын катталуу баракчасы');
      expect(text).toContain(name);
      expect(text).toContain('Психолог');
      expect(text).toContain('Колу');
      expect(text).toMatch(/Сабак: .*2025.*09:00–10:30/);

      const summary = await visitor.get(`/officer/events/${eventId}/attendance`);
      expect(summary.statusCode).toBe(200);
      expect(summary.body).toContain('1 of 2');
      const file = await visitor.get(`/officer/events/${eventId}/attendance/export`);
      expect(file.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
      const rows = workbook.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
      expect(rows[1].slice(1, 5)).toEqual([name, 'Psychologist', 'Enrolled', 1]);

      // A trainer of another event is refused, as the roster refuses them.
      const trainer = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'] });
      const asTrainer = await signedIn(trainer);
      expect((await asTrainer.get(`/attendance-sheets/${eventId}`)).statusCode).toBe(404);
      expect((await asTrainer.get(`/officer/events/${eventId}/attendance`)).statusCode).toBe(403);
      const foreign = await createEvent(app.dataSource, { courseId: course.id, countryCode: 'TJ' });
      expect((await visitor.get(`/attendance-sheets/${foreign}`)).statusCode).toBe(404);
    },
  );
});
