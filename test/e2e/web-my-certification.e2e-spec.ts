import { Role } from '@cascade/auth';

import { createCountry } from '../factories/countries.js';
import { createTrainer } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Visitor } from '../support/web.js';

const titles = (en: string, tg: string) => JSON.stringify({ en, ru: en, ky: en, tg, uk: en });

/**
 * A trainer's own certification page, in Tajik: their steps with states, deadlines and extensions,
 * whether they are certified and until when; never another trainer's.
 */
describe('web: a trainer’s own certification page', () => {
  let app: TestApp;
  let country: string;
  let officer: Record<string, string>;
  let nilufar: { id: string; user: TestUser };
  let farrukh: { id: string; user: TestUser };

  const trainerWithAccount = async (fullName: string) => {
    const user = await createUser(app.dataSource, { role: Role.Trainer, countries: [country], locale: 'tg' });
    const id = await createTrainer(app.dataSource, { countryCode: country, fullName, userId: user.id });
    return { id, user };
  };
  const api = async (method: 'PUT' | 'POST', url: string, payload: object) => {
    const res = await app.request({ method, url, headers: officer, payload });
    expect(res.statusCode).toBeLessThan(300);
  };
  const visit = async (user: TestUser) => {
    const visitor = new Visitor(app, 'tg');
    await visitor.signIn(user.email, user.password);
    return visitor;
  };

  beforeAll(async () => {
    app = await startTestApp();
    country = await createCountry(app.dataSource, 'W', {
      en: 'Mineland',
      ru: 'Миния',
      ky: 'Миния',
      tg: 'Министон',
      uk: 'Мінія',
    });
    await app.dataSource.query(
      `WITH program AS (INSERT INTO certification_programs (country_code, lapse_months) VALUES ($1, 24) RETURNING country_code)
       INSERT INTO certification_requirements (country_code, code, titles, position)
       SELECT country_code, s.code, s.titles::jsonb, s.position FROM program,
         (VALUES ('tot_completed', $2, 1), ('co_taught', $3, 2), ('observed', $4, 3)) AS s (code, titles, position)`,
      [
        country,
        titles('Complete the training of trainers', 'Хатм кардани курси тайёркунии тренерон'),
        titles('Co-teach an event with a trainer', 'Гузаронидани тренинг якҷоя бо тренер'),
        titles('Pass an observation', 'Супоридани мушоҳида'),
      ],
    );
    const account = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country] });
    officer = bearer((await signIn(app, account)).accessToken);

    // Nilufar: the training passed, the co-teaching failed, the observation to repeat by an extended deadline.
    nilufar = await trainerWithAccount('Нилуфар Саидова');
    const steps = `/trainers/${nilufar.id}/requirements`;
    await api('PUT', `${steps}/tot_completed`, { state: 'passed', effectiveOn: '2026-02-10' });
    await api('PUT', `${steps}/co_taught`, { state: 'failed', effectiveOn: '2026-05-04' });
    await api('PUT', `${steps}/observed`, { state: 'repeat_requested', effectiveOn: '2026-06-01', note: 'Модули 3' });
    await api('POST', `${steps}/observed/extensions`, { deadline: '2027-03-31', reason: 'Чорабинӣ нест' });
    await api('POST', `${steps}/observed/extensions`, { deadline: '2027-06-30', reason: 'Боз чорабинӣ нест' });

    // Farrukh: every step passed on 2026-06-01, certified until 24 months later.
    farrukh = await trainerWithAccount('Фаррух Раҳимов');
    for (const code of ['tot_completed', 'co_taught', 'observed']) {
      await api('PUT', `/trainers/${farrukh.id}/requirements/${code}`, {
        state: 'passed',
        effectiveOn: '2026-06-01',
        note: 'Фаррух гузашт',
      });
    }
  });
  afterAll(() => app.close());

  it('shows each step’s state, the deadline and its extensions, and that the trainer is not certified', async () => {
    const visitor = await visit(nilufar.user);
    const home = await visitor.get('/trainer');
    expect(home.statusCode).toBe(200);
    expect(home.body).toMatch(/<a href="\/trainer\/certification" id="my-certification">Сертификатсияи ман/);

    const page = await visitor.get('/trainer/certification');
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain('<h1>Сертификатсияи ман</h1>');
    expect(body).toMatch(/<h2 id="status-title">Сертификатсия нашудааст<\/h2>/);
    expect(body).toContain('Шумо ҳанӯз сертификатсия нашудаед');
    const stateOf = (code: string) =>
      new RegExp(`data-requirement="${code}"[\\s\\S]*?<strong data-state="([a-z_]+)">([^<]+)</strong>`)
        .exec(body)
        ?.slice(1);
    expect(stateOf('tot_completed')).toEqual(['passed', 'Супорида шуд']);
    expect(stateOf('co_taught')).toEqual(['failed', 'Супорида нашуд']);
    expect(stateOf('observed')).toEqual(['repeat_requested', 'Бояд такрор шавад']);
    expect(body).toContain('Хатм кардани курси тайёркунии тренерон');
    // The deadline as extended twice, marked so, and each extension in the step's history.
    expect(body).toMatch(/30\.06\.2027|30 июн/);
    expect(body).toContain('(тамдид шуд)');
    expect(body).toContain('Модули 3');
    expect(body).toContain('Чорабинӣ нест');
    expect(body).toContain('Боз чорабинӣ нест');
    // The rule in the trainer's language, and no code or English anywhere it is shown.
    expect(body).toContain('24');
    expect(body).not.toMatch(/>\s*(not_evaluated|repeat_requested|passed|failed|observed)\s*</);
    expect(body).not.toContain('Pass an observation');
    // Never another trainer's record.
    expect(body).not.toContain('Фаррух');
  });

  it('tells a certified trainer until when the certification holds', async () => {
    const visitor = await visit(farrukh.user);
    const body = (await visitor.get('/trainer/certification')).body;
    expect(body).toMatch(/<h2 id="status-title">Сертификатсия шудааст<\/h2>/);
    expect(body).toContain('Шумо сертификатсия шудаед. Агар то он вақт');
    expect(body).toMatch(/2028/);
    expect(body).not.toContain('Нилуфар');
    expect(body).not.toContain('Модули 3');
  });

  it('lets a trainer reach no other trainer’s certification, and an account without a record gets a clear 404', async () => {
    const visitor = await visit(nilufar.user);
    expect((await visitor.get(`/officer/trainers/${farrukh.id}`)).statusCode).toBe(403);
    expect((await visitor.get(`/trainer/certification?trainer=${farrukh.id}`)).body).not.toContain('Фаррух');
    const token = bearer((await signIn(app, nilufar.user)).accessToken);
    const other = await app.request({ method: 'GET', url: `/trainers/${farrukh.id}/certification`, headers: token });
    expect([403, 404]).toContain(other.statusCode);
    const own = await app.request({ method: 'GET', url: `/trainers/${nilufar.id}/certification`, headers: token });
    expect(own.statusCode).toBe(200);

    const unlinked = await createUser(app.dataSource, { role: Role.Trainer, countries: [country], locale: 'tg' });
    const page = await (await visit(unlinked)).get('/trainer/certification');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('сабти тренер пайваст нашудааст');
    const donor = await createUser(app.dataSource, { role: Role.Donor, countries: [country], locale: 'tg' });
    expect((await (await visit(donor)).get('/trainer/certification')).statusCode).toBe(403);
  });
});
