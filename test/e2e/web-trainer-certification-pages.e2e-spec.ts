import { Role } from '@cascade/auth';

import { createTrainer } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Visitor } from '../support/web.js';

const TITLES = {
  en: 'Observe a session',
  ru: 'Понаблюдать за сессией',
  ky: 'Сессияга байкоо жүргүзүү',
  tg: 'Мушоҳидаи як сессия',
  uk: 'Поспостерігати за сесією',
};
const today = () => new Date().toISOString().slice(0, 10);

/** The officer's certification pages, in Kyrgyz: a country's list, a trainer's steps, their forms. */
describe('web: trainer certification pages', () => {
  let app: TestApp;
  let officer: TestUser;
  let visitor: Visitor;

  beforeAll(async () => {
    app = await startTestApp();
    // A country of its own: no other test's list or trainers there.
    await app.dataSource.query(`INSERT INTO countries (code, names) VALUES ('XK', $1) ON CONFLICT (code) DO NOTHING`, [
      JSON.stringify({ en: 'Kosovo', ru: 'Косово', ky: 'Косово', tg: 'Косово', uk: 'Косово' }),
    ]);
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['XK'], locale: 'ky' });
    visitor = new Visitor(app, 'ky');
    await visitor.signIn(officer.email, officer.password);
  });
  afterAll(() => app.close());

  const listForm = (titles: Record<string, string>) => ({
    rows: '1',
    lapseMonths: '12',
    code_0: '',
    position_0: '1',
    ...Object.fromEntries(Object.entries(titles).map(([locale, title]) => [`title_${locale}_0`, title])),
    required_0: '1',
    deadlineDays_0: '30',
  });

  it("writes a country's list from the form, refusing a missing title beside its field", async () => {
    const empty = await visitor.get('/officer/certification/XK');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Кадам кошуу');

    const refused = await visitor.post('/officer/certification/XK', listForm({ ...TITLES, ky: '' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/id="title-ky-0"[^>]*aria-invalid="true"/);
    expect(refused.body).toContain('value="Поспостерігати за сесією"');

    const saved = await visitor.post('/officer/certification/XK', listForm(TITLES));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/officer/certification/XK?saved=1');
    const [program] = await app.dataSource.query<{ lapse: number; code: string; days: number }[]>(
      `SELECT p.lapse_months AS lapse, r.code, r.deadline_days AS days FROM certification_programs p
         JOIN certification_requirements r ON r.country_code = p.country_code WHERE p.country_code = 'XK'`,
    );
    // The code is made from the English title: nobody types one.
    expect(program).toEqual({ lapse: 12, code: 'observe_a_session', days: 30 });
    expect((await visitor.get('/officer/certification/XK?saved=1')).body).toContain('Тизме сакталды.');
  });

  it("shows a trainer's steps with state and deadline, and sets a state and extends a deadline", async () => {
    const trainer = await createTrainer(app.dataSource, { countryCode: 'XK', fullName: 'Арта Красниqи' });
    const list = await visitor.get('/officer/trainers');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/officer/trainers/${trainer}`);

    const page = await visitor.get(`/officer/trainers/${trainer}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Сессияга байкоо жүргүзүү');
    expect(page.body).toContain('Бааланган жок');
    expect(page.body).toContain('Сертификатталган эмес');
    expect(page.body).not.toMatch(/>\s*(not_evaluated|repeat_requested|observe_a_session)\s*</);

    const url = `/officer/trainers/${trainer}/requirements/observe_a_session`;
    const future = await visitor.post(url, { state: 'passed', effectiveOn: '2099-01-01', note: '' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('келечектеги дата болбошу керек.');

    const repeat = await visitor.post(url, { state: 'repeat_requested', effectiveOn: today(), note: 'Кайра' });
    expect(repeat.statusCode).toBe(303);
    const asked = (await visitor.get(repeat.headers.location as string)).body;
    expect(asked).toContain('Кайталоо керек');
    expect(asked).toContain('Сертификатталган эмес');

    expect((await visitor.post(url, { state: 'passed', effectiveOn: today(), note: '' })).statusCode).toBe(303);
    const passed = (await visitor.get(`/officer/trainers/${trainer}`)).body;
    expect(passed).toMatch(/<h2 id="status-title">Сертификатталган<\/h2>/);

    // Typed day first, as every date field of the pages.
    const extended = await visitor.post(`${url}/extensions`, { deadline: '31.12.2099', reason: 'Тренинг жылдырылды' });
    expect(extended.statusCode).toBe(303);
    const after = (await visitor.get(`/officer/trainers/${trainer}`)).body;
    expect(after).toContain('(узартылды)');
    expect(after).toContain('Тренинг жылдырылды');
  });

  it("answers 404 for another country's trainer and 403 to a trainer", async () => {
    const trainer = await createTrainer(app.dataSource, { countryCode: 'XK' });
    const kgOfficer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    const other = new Visitor(app, 'tg');
    await other.signIn(kgOfficer.email, kgOfficer.password);
    expect((await other.get(`/officer/trainers/${trainer}`)).statusCode).toBe(404);
    expect((await other.get('/officer/certification/XK')).statusCode).toBe(404);

    const account = await createUser(app.dataSource, { role: Role.Trainer, countries: ['XK'] });
    const asTrainer = new Visitor(app, 'ky');
    await asTrainer.signIn(account.email, account.password);
    expect((await asTrainer.get('/officer/trainers')).statusCode).toBe(403);
    expect(
      (await asTrainer.post(`/officer/trainers/${trainer}/requirements/observe_a_session`, { state: 'passed' }))
        .statusCode,
    ).toBe(403);
  });
});
