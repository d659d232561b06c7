import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { createUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Visitor } from '../support/web.js';

/** The language a person sees: chosen anywhere, kept through sign-in, else the browser's. */
describe('the pages’ language', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const storedLocale = async (id: string) =>
    (await app.dataSource.query<{ locale: string | null }[]>('SELECT locale FROM users WHERE id = $1', [id]))[0]
      ?.locale;

  it('keeps Kyrgyz picked on the sign-in page through sign-in, and stores it on the account', async () => {
    const user = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'], locale: 'ru' });
    const visitor = new Visitor(app, 'ru-RU,ru;q=0.9');
    await visitor.get('/sign-in');
    await visitor.post('/language', { locale: 'ky', returnTo: '/sign-in' });
    expect((await visitor.get('/sign-in')).body).toContain('<html lang="ky">');
    await visitor.signIn(user.email, user.password);
    const events = await visitor.get('/trainer');
    expect(events.statusCode).toBe(200);
    expect(events.body).toContain('<html lang="ky">');
    expect(events.body).toContain(translate('ky', 'web.trainer.events_title'));
    expect(await storedLocale(user.id)).toBe('ky');

    // Another browser, in Russian, still gets the account's Kyrgyz.
    const elsewhere = new Visitor(app, 'ru');
    await elsewhere.signIn(user.email, user.password);
    expect((await elsewhere.get('/trainer')).body).toContain('<html lang="ky">');
  });

  it('gives a trainer who chose no language their Tajik browser’s language, and stores nothing', async () => {
    const user = await createUser(app.dataSource, { role: Role.Trainer, countries: ['TJ'], locale: null });
    const visitor = new Visitor(app, 'tg-TJ,ru;q=0.8,en;q=0.5');
    await visitor.signIn(user.email, user.password);
    const events = await visitor.get('/trainer');
    expect(events.body).toContain('<html lang="tg">');
    expect(events.headers['content-language']).toBe('tg');
    expect(events.body).toContain(translate('tg', 'web.trainer.events_title'));
    expect(await storedLocale(user.id)).toBeNull();
  });

  it('gives a donor who chose no language their Russian browser’s language', async () => {
    const donor = await createUser(app.dataSource, { role: Role.Donor, countries: ['KG'], locale: null });
    const visitor = new Visitor(app, 'ru-RU,ru;q=0.9,en-US;q=0.8');
    await visitor.signIn(donor.email, donor.password);
    const page = await visitor.get('/donor');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="ru">');
    expect(page.body).toContain(translate('ru', 'web.donor.title'));
  });

  it('answers the API in the browser’s language while no language is chosen, and reports none', async () => {
    const user = await createUser(app.dataSource, { role: Role.Trainer, countries: ['UA'], locale: null });
    const visitor = new Visitor(app, 'uk');
    await visitor.signIn(user.email, user.password);
    const me = await app.request({
      method: 'GET',
      url: '/me',
      headers: { 'accept-language': 'uk', ...visitor.jar.header() },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().locale).toBeNull();
    const missing = await app.request({
      method: 'GET',
      url: '/events/00000000-0000-0000-0000-000000000000',
      headers: { 'accept-language': 'uk', ...visitor.jar.header() },
    });
    expect(missing.headers['content-language']).toBe('uk');
  });

  it('tells one thing per field, in the account’s language, and takes dates day first', async () => {
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'], locale: 'ky' });
    const visitor = new Visitor(app, 'en');
    await visitor.signIn(officer.email, officer.password);
    const get = (url: string) => app.request({ method: 'GET', url, headers: visitor.jar.header() });

    // "abc" breaks three rules of the year (whole number, at least 2000, at most 2100): one message.
    const year = await get('/reports/targets?year=abc');
    expect(year.statusCode).toBe(400);
    expect(year.json().errors).toEqual([{ field: 'year', code: 'isInt', message: 'бүтүн сан болушу керек.' }]);

    const dayFirst = await get('/reports/progress?country=KG&from=01.01.2026&to=31.12.2026');
    expect(dayFirst.statusCode).toBe(200);
    const noSuchDay = await get('/reports/progress?country=KG&from=01.01.2026&to=31.02.2026');
    expect(noSuchDay.statusCode).toBe(400);
    expect(noSuchDay.json().errors).toEqual([
      { field: 'to', code: 'isDateString', message: 'дата болушу керек, мисалы 31.12.2026.' },
    ]);
  });
});
