import { Role } from '@cascade/auth';

import { uniqueSurname } from '../factories/names.js';
import { createCourse, createEvent, createSession, createTrainee, enroll } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Visitor } from '../support/web.js';

describe('web: the officer’s trainee records', () => {
  let app: TestApp;
  let officer: TestUser;
  let organizationId: string;

  beforeAll(async () => {
    app = await startTestApp();
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    await app.dataSource.query(
      `INSERT INTO regions (code, country_code, names) VALUES ('KG-GO', 'KG', $1) ON CONFLICT (code) DO NOTHING`,
      [JSON.stringify({ en: 'Osh city', ru: 'город Ош', ky: 'Ош шаары', tg: 'шаҳри Ош', uk: 'місто Ош' })],
    );
    [{ id: organizationId }] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO organizations (name, type, country_code) VALUES ('Ош облустук соттук-медициналык бюросу', 'forensic_bureau', 'KG') RETURNING id`,
    );
  });
  afterAll(() => app.close());

  const signedIn = async (user: TestUser, language = 'en') => {
    const visitor = new Visitor(app, language);
    await visitor.signIn(user.email, user.password);
    await visitor.post('/language', { locale: language, returnTo: '/' });
    return visitor;
  };

  it('finds a trainee by name and filters, then shows the profession, organisation, region and birth year', async () => {
    const surname = uniqueSurname();
    const id = await createTrainee(app.dataSource, {
      fullName: `Жылдыз ${surname}`,
      latinName: null,
      birthYear: 1987,
      organizationId,
    });
    await app.dataSource.query(`UPDATE trainees SET region_code = 'KG-GO' WHERE id = $1`, [id]);
    const visitor = await signedIn(officer);
    const list = await visitor.get(`/officer/trainees?search=${encodeURIComponent(surname)}&region=KG-GO`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/officer/trainees/${id}`);
    // The region as it is named in this database (another test may have added it first).
    const [{ region }] = await app.dataSource.query<{ region: string }[]>(
      `SELECT names->>'en' AS region FROM regions WHERE code = 'KG-GO'`,
    );
    expect(list.body).toContain(
      `Forensic medical expert · Ош облустук соттук-медициналык бюросу · ${region} · born 1987`,
    );
    expect(list.body).not.toContain('KG-GO<');
    // The filters stay in the URL of the next page and in the form.
    expect(list.body).toContain(`value="${surname}"`);
    const other = await visitor.get(`/officer/trainees?search=${encodeURIComponent(surname)}&certified=true`);
    expect(other.body).not.toContain(`/officer/trainees/${id}`);
    const bad = await visitor.get('/officer/trainees?organization=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('aria-invalid="true"');
  });

  it('shows a profile with events, attendance and audit, edits it with errors beside fields, withdraws consent', async () => {
    const course = await createCourse(app.dataSource, { modules: 1 });
    const eventId = await createEvent(app.dataSource, { courseId: course.id });
    const sessionId = await createSession(app.dataSource, eventId);
    const id = await createTrainee(app.dataSource, { fullName: `Айгүл ${uniqueSurname()}`, birthYear: 1990 });
    await enroll(app.dataSource, eventId, id);
    await app.dataSource.query(
      `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
       VALUES (gen_random_uuid(), $1, $2, 'present', $3, now())`,
      [sessionId, id, officer.id],
    );
    const visitor = await signedIn(officer, 'ru');
    const profile = await visitor.get(`/officer/trainees/${id}`);
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('1 из 1 занятий');
    expect(profile.body).toContain(`/officer/events/${eventId}`);

    const refused = await visitor.post(`/officer/trainees/${id}/edit`, {
      fullName: 'Айгүл Исаева',
      sex: 'female',
      profession: 'psychologist',
      birthYear: '1700',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/id="birthYear"[^>]*aria-invalid="true"/);
    expect(refused.body).toContain('value="Айгүл Исаева"');
    const saved = await visitor.post(`/officer/trainees/${id}/edit`, {
      fullName: 'Айгүл Исаева',
      sex: 'female',
      profession: 'psychologist',
      birthYear: '1991',
    });
    expect(saved.statusCode).toBe(303);
    const edited = await visitor.get(`/officer/trainees/${id}`);
    expect(edited.body).toContain('Айгүл Исаева');
    expect(edited.body).toContain('Психолог');
    expect(edited.body).toContain('Изменено');

    const confirm = await visitor.get(`/officer/trainees/${id}/withdraw-consent`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Что будет удалено');
    expect(confirm.body).toContain('Год рождения');
    expect((await visitor.post(`/officer/trainees/${id}/withdraw-consent`, {})).statusCode).toBe(303);
    const [row] = await app.dataSource.query(`SELECT full_name, birth_year FROM trainees WHERE id = $1`, [id]);
    expect(row).toEqual({ full_name: null, birth_year: null });
  });

  it('refuses other countries’ trainees (404) and trainers (403)', async () => {
    const visitor = await signedIn(officer);
    const foreign = await createTrainee(app.dataSource, { countryCode: 'TJ', fullName: `Фарзона ${uniqueSurname()}` });
    expect((await visitor.get(`/officer/trainees/${foreign}`)).statusCode).toBe(404);
    expect((await visitor.post(`/officer/trainees/${foreign}/withdraw-consent`, {})).statusCode).toBe(404);
    const trainer = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'] });
    const asTrainer = await signedIn(trainer);
    expect((await asTrainer.get('/officer/trainees')).statusCode).toBe(403);
  });
});

describe('web: people told apart wherever they are searched, chosen or compared', () => {
  let app: TestApp;
  let officer: TestUser;
  let organizationId: string;

  beforeAll(async () => {
    app = await startTestApp();
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    await app.dataSource.query(
      `INSERT INTO regions (code, country_code, names) VALUES ('KG-Y', 'KG', $1) ON CONFLICT (code) DO NOTHING`,
      [
        JSON.stringify({
          en: 'Issyk-Kul Region',
          ru: 'Иссык-Кульская область',
          ky: 'Ысык-Көл облусу',
          tg: 'вилояти Иссиқкӯл',
          uk: 'Іссик-Кульська область',
        }),
      ],
    );
    [{ id: organizationId }] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO organizations (name, type, country_code) VALUES ('Каракол шаардык ооруканасы', 'hospital', 'KG') RETURNING id`,
    );
  });
  afterAll(() => app.close());

  it('shows profession, organisation and region by name and birth year in the enrol search, the warning, the queue and the merge form', async () => {
    const surname = uniqueSurname();
    const older = await createTrainee(app.dataSource, {
      fullName: `Айгүл ${surname}`,
      latinName: null,
      birthYear: 1985,
      organizationId,
      profession: 'psychiatrist',
    });
    await app.dataSource.query(`UPDATE trainees SET region_code = 'KG-Y' WHERE id = $1`, [older]);
    const newer = await createTrainee(app.dataSource, {
      fullName: `Айгүл ${surname}`,
      latinName: null,
      birthYear: 1985,
    });
    const eventId = await createEvent(app.dataSource, { startDate: '2099-01-05', endDate: '2099-01-06' });
    const visitor = new Visitor(app, 'en');
    await visitor.signIn(officer.email, officer.password);
    await visitor.post('/language', { locale: 'en', returnTo: '/' });

    const facts = 'Psychiatrist · Каракол шаардык ооруканасы · Issyk-Kul Region · born 1985';
    const search = await visitor.get(`/officer/events/${eventId}/enrol?q=${encodeURIComponent(surname)}`);
    expect(search.body).toContain(facts);
    expect(search.body).toContain('Forensic medical expert · born 1985');

    const warning = await visitor.post(`/officer/events/${eventId}/register`, {
      fullName: `Айгүл ${surname}`,
      sex: 'female',
      profession: 'psychiatrist',
      consentGiven: 'true',
    });
    expect(warning.statusCode).toBe(409);
    expect(warning.body).toContain(facts);

    // The queue is shared by every test of the country: the pair is found by its name.
    const queue = await visitor.get(`/registry/duplicates?search=${encodeURIComponent(`${surname} Айгүл`)}`);
    expect(queue.body).toContain(facts);
    expect(queue.body).toMatch(/Pairs found: [1-9]/);
    const refused = await visitor.get('/registry/duplicates?page=zero');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('role="alert">Pages: must be a whole number.');
    expect(queue.body).toMatch(/Agree: name/);
    expect(queue.body).not.toContain(organizationId);
    const [a, b] = [older, newer];
    const merge = await visitor.get(`/registry/duplicates/merge?a=${a}&b=${b}`);
    expect(merge.statusCode).toBe(200);
    expect(merge.body).toContain('Каракол шаардык ооруканасы');
    expect(merge.body).toContain('Issyk-Kul Region');
    expect(merge.body).not.toMatch(/: KG-Y</);
    expect(merge.body).not.toContain(`A: ${organizationId}`);
  });
});
