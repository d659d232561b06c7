import { existsSync } from 'node:fs';

import type { Browser } from 'playwright-core';

import { Role } from '@cascade/auth';

import { createCountry } from '../factories/countries.js';
import { createTrainer } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import {
  CHROMIUM,
  launchChromium,
  type ListeningApp,
  phoneContext,
  screenshot,
  seriousViolations,
  signInWithForm,
  startListeningApp,
} from '../support/browser.js';

const inCi = !!process.env.CI && process.env.CI !== 'false';
const describeInBrowser = existsSync(CHROMIUM) || inCi ? describe : describe.skip;

const titles = (en: string, ru: string, ky: string, tg: string, uk: string) => JSON.stringify({ en, ru, ky, tg, uk });

/** The certification pages on a 390 px phone, in Kyrgyz and Tajik: no wider than the screen, axe-clean, usable. */
describeInBrowser('web: trainer certification in a browser', () => {
  let app: ListeningApp;
  let browser: Browser;
  let country: string;

  beforeAll(async () => {
    app = await startListeningApp();
    browser = await launchChromium();
    country = await createCountry(app.dataSource, 'V', {
      en: 'Certland',
      ru: 'Сертия',
      ky: 'Серт өлкөсү',
      tg: 'Сертистон',
      uk: 'Сертія',
    });
    await app.dataSource.query(
      `WITH program AS (INSERT INTO certification_programs (country_code, lapse_months) VALUES ($1, 24) RETURNING country_code)
       INSERT INTO certification_requirements (country_code, code, titles, position, deadline_days)
       SELECT country_code, s.code, s.titles::jsonb, s.position, s.days FROM program,
         (VALUES ('tot_completed', $2, 1, NULL::int), ('co_taught', $3, 2, 365), ('observed', $4, 3, 545)) AS s (code, titles, position, days)`,
      [
        country,
        titles(
          'Complete the training of trainers',
          'Пройти курс подготовки тренеров',
          'Тренерлерди даярдоо курсунан өтүү',
          'Хатм кардани курси тайёркунии тренерон',
          'Пройти курс підготовки тренерів',
        ),
        titles(
          'Co-teach an event with a trainer',
          'Провести тренинг в паре с тренером',
          'Тренингди тренер менен бирге өткөрүү',
          'Гузаронидани тренинг якҷоя бо тренер',
          'Провести тренінг разом із тренером',
        ),
        titles(
          'Pass an observation',
          'Пройти наблюдение',
          'Байкоодон өтүү',
          'Супоридани мушоҳида',
          'Пройти спостереження',
        ),
      ],
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it.each(['ky', 'tg'] as const)(
    'lets an officer record a repeat, then a pass, on a phone in %s',
    async (locale) => {
      const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country], locale });
      const trainer = await createTrainer(app.dataSource, { countryCode: country, fullName: 'Нилуфар Саидова' });
      const context = await phoneContext(browser, app, locale);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
      await signInWithForm(page, officer.email, officer.password);

      const check = async (name: string) => {
        expect(await page.getAttribute('html', 'lang')).toBe(locale);
        const { width, screen } = await page.evaluate<{ width: number; screen: number }>(
          '({ width: document.documentElement.scrollWidth, screen: window.innerWidth })',
        );
        if (width > screen) problems.push(`${page.url()}: ${width} px wide on a ${screen} px screen`);
        problems.push(...(await seriousViolations(page)).map((v) => `${page.url()}: ${v}`));
        await screenshot(page, `phone-${locale}-certification-${name}`);
      };

      await page.goto('/officer/trainers');
      await check('trainers');
      await page.goto(`/officer/certification/${country}`);
      await check('program');

      await page.goto(`/officer/trainers/${trainer}`);
      await check('trainer');
      const observed = page.locator('section.card').nth(2);
      await observed.locator('summary').first().click();
      await observed.locator('select[name="state"]').selectOption('repeat_requested');
      await observed
        .locator('input[name="note"]')
        .fill(locale === 'ky' ? 'Кайра байкоо керек' : 'Мушоҳидаи такрорӣ лозим');
      await Promise.all([page.waitForURL(/saved=1/), observed.locator('button[type="submit"]').first().click()]);
      const stateLabel = locale === 'ky' ? 'Кайталоо керек' : 'Бояд такрор шавад';
      await expect(page.locator('section.card').nth(2).textContent()).resolves.toContain(stateLabel);
      await check('trainer-repeat');

      for (const index of [0, 1, 2]) {
        const section = page.locator('section.card').nth(index);
        await section.locator('summary').first().click();
        await section.locator('select[name="state"]').selectOption('passed');
        await Promise.all([page.waitForURL(/saved=1/), section.locator('button[type="submit"]').first().click()]);
      }
      const certified = locale === 'ky' ? 'Сертификатталган' : 'Сертификатсия шудааст';
      await expect(page.locator('#status-title').textContent()).resolves.toBe(certified);
      await check('trainer-certified');
      await context.close();
      expect(problems).toEqual([]);
    },
    180_000,
  );

  it('shows a trainer their own steps on a phone in Tajik, from the link on their events page', async () => {
    const account = await createUser(app.dataSource, { role: Role.Trainer, countries: [country], locale: 'tg' });
    const trainer = await createTrainer(app.dataSource, {
      countryCode: country,
      fullName: 'Зарина Каримова',
      userId: account.id,
    });
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country] });
    const headers = bearer((await signIn(app, officer)).accessToken);
    const steps = `/trainers/${trainer}/requirements`;
    for (const [method, url, payload] of [
      ['PUT', `${steps}/tot_completed`, { state: 'passed', effectiveOn: '2026-03-02' }],
      ['PUT', `${steps}/observed`, { state: 'repeat_requested', effectiveOn: '2026-09-14', note: 'Модули 2' }],
      ['POST', `${steps}/observed/extensions`, { deadline: '2029-04-30', reason: 'Чорабинӣ дар вилоят нест' }],
    ] as const) {
      const res = await app.request({ method, url, headers, payload });
      expect([url, res.statusCode < 300]).toEqual([url, true]);
    }

    const context = await phoneContext(browser, app, 'tg');
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    await signInWithForm(page, account.email, account.password);
    await page.goto('/trainer');
    await Promise.all([page.waitForURL(/\/trainer\/certification$/), page.click('#my-certification')]);
    expect(await page.getAttribute('html', 'lang')).toBe('tg');
    await expect(page.locator('h1').textContent()).resolves.toBe('Сертификатсияи ман');
    await expect(page.locator('#status-title').textContent()).resolves.toBe('Сертификатсия нашудааст');
    const states = await page.locator('section.card strong[data-state]').allTextContents();
    expect(states).toEqual(['Супорида шуд', 'Арзёбӣ нашудааст', 'Бояд такрор шавад']);
    await expect(page.locator('section.card').nth(2).textContent()).resolves.toContain('(тамдид шуд)');
    await page.locator('section.card').nth(2).locator('summary').click();
    await expect(page.locator('section.card').nth(2).textContent()).resolves.toContain('Чорабинӣ дар вилоят нест');
    const { width, screen } = await page.evaluate<{ width: number; screen: number }>(
      '({ width: document.documentElement.scrollWidth, screen: window.innerWidth })',
    );
    expect(screen).toBe(390);
    if (width > screen) problems.push(`${width} px wide on a ${screen} px screen`);
    problems.push(...(await seriousViolations(page)));
    await screenshot(page, 'phone-tg-trainer-certification');
    await context.close();
    expect(problems).toEqual([]);
  }, 180_000);
});
