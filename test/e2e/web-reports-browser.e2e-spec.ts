import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

import type { INestApplicationContext } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';

import { Role } from '@cascade/auth';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { createEvent, createSession, createTrainee, enroll } from '../factories/training.js';
import { createUser } from '../factories/users.js';
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
import { startTestWorker, testConfig } from '../support/test-app.js';

const inCi = !!process.env.CI && process.env.CI !== 'false';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !inCi)
  console.warn(`${CHROMIUM} is not installed (apt-get install chromium): skipping the browser tests.`);
const describeInBrowser = hasChromium || inCi ? describe : describe.skip;

const year = new Date().getUTCFullYear();

describeInBrowser('donor, report, target and registry pages in a browser', () => {
  let app: ListeningApp;
  let worker: INestApplicationContext;
  let browser: Browser;
  let country: string;
  const names: string[] = [];

  beforeAll(async () => {
    const config = testConfig();
    app = await startListeningApp(config);
    worker = await startTestWorker(config);
    browser = await launchChromium();
    for (;;) {
      const code = `V${String.fromCharCode(65 + randomInt(26))}`;
      const inserted = await app.dataSource.query<unknown[]>(
        `INSERT INTO countries (code, names) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [
          code,
          JSON.stringify({
            en: `Chartland ${code}`,
            ru: 'Диаграммия',
            ky: 'Диаграмма',
            tg: 'Диаграмма',
            uk: 'Діаграмія',
          }),
        ],
      );
      if (inserted.length === 1) {
        country = code;
        break;
      }
    }
    const event = await createEvent(app.dataSource, {
      countryCode: country,
      startDate: `${year}-01-12`,
      endDate: `${year}-01-14`,
      status: EventStatus.Completed,
    });
    await createSession(app.dataSource, event, { date: `${year}-01-12` });
    for (let i = 0; i < 9; i++) {
      const fullName = `Диаграммова ${randomUUID().slice(0, 8)}`;
      names.push(fullName);
      const trainee = await createTrainee(app.dataSource, {
        countryCode: country,
        fullName,
        sex: i < 6 ? 'female' : 'male',
        profession: 'judge',
      });
      const enrollment = await enroll(app.dataSource, event, trainee);
      await app.dataSource.query(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [
        enrollment,
      ]);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
  });

  async function noSeriousViolations(page: Page, problems: string[]) {
    problems.push(...(await seriousViolations(page)).map((v) => `${page.url()}: ${v}`));
  }

  it('walks a donor to a country report and downloads its XLSX', async () => {
    const donor = await createUser(app.dataSource, { role: Role.Donor, countries: [country] });
    const context = await browser.newContext({ baseURL: app.url, locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, donor.email, donor.password);
    // A donor's only area: the start page goes straight to it.
    expect(new URL(page.url()).pathname).toBe('/donor');
    await noSeriousViolations(page, problems);
    await page.click(`a[href="/donor/countries/${country}"]`);
    expect(await page.textContent('h1')).toBe(`Impact report: Chartland ${country}`);
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBeGreaterThan(0);
    const text = await page.textContent('main');
    for (const name of names) expect(text).not.toContain(name);
    await noSeriousViolations(page, problems);

    await page.click('form.exports button[value="xlsx"]');
    await page.waitForSelector('#export-download', { timeout: 30_000 });
    await noSeriousViolations(page, problems);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-download')]);
    const path = await download.path();
    expect(download.suggestedFilename()).toBe(`progress-${country}-${year}-01-01-${year}-12-31.xlsx`);
    // An XLSX is a zip: it starts with "PK".
    expect(readFileSync(path).subarray(0, 2).toString()).toBe('PK');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('walks an officer to a target set, and a wrong one shown beside its field', async () => {
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country] });
    const context = await browser.newContext({ baseURL: app.url, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    await signInWithForm(page, officer.email, officer.password);
    await page.goto('/targets');
    await page.selectOption('#target-country', country);
    await page.fill('#target-year', String(year));
    await page.selectOption('#target-indicator', 'certified');
    await page.fill('#target-value', 'many');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/targets"] button[type="submit"]')]);
    expect(await page.getAttribute('#target-value', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#target-value')).toBe('many');
    await noSeriousViolations(page, problems);
    await page.fill('#target-value', '25');
    await Promise.all([
      page.waitForURL('**/targets?saved=1'),
      page.click('form[action="/targets"] button[type="submit"]'),
    ]);
    expect(await page.textContent('#targets')).toContain('25');
    await noSeriousViolations(page, problems);
    const rows = await app.dataSource.query<{ target_value: string }[]>(
      `SELECT target_value FROM country_targets WHERE country_code = $1 AND indicator = 'certified' AND year = $2`,
      [country, year],
    );
    expect(rows.map((r) => Number(r.target_value))).toEqual([25]);
    expect(problems).toEqual([]);
    await context.close();
  });

  describe.each([
    ['ky', 'ky-KG'],
    ['tg', 'tg-TJ'],
  ])('in %s', (locale, browserLocale) => {
    it('passes axe-core on every page, with screenshots', async () => {
      const donor = await createUser(app.dataSource, { role: Role.Donor, countries: [country], locale });
      const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country], locale });
      const context = await phoneContext(browser, app, browserLocale);
      const page = await context.newPage();
      const problems: string[] = [];
      const check = async (name: string) => {
        expect(await page.getAttribute('html', 'lang')).toBe(locale);
        await noSeriousViolations(page, problems);
        await screenshot(page, `${locale}-${name}`);
      };

      await signInWithForm(page, donor.email, donor.password);
      await check('donor-countries');
      await page.goto(`/donor/countries/${country}?breakdown=sex`);
      await check('donor-report');
      await page.click('form.exports button[value="pdf"]');
      await page.waitForSelector('#export-download', { timeout: 30_000 });
      await check('export-ready');
      await context.clearCookies();

      await signInWithForm(page, officer.email, officer.password);
      await page.goto(`/progress?country=${country}&breakdown=profession`);
      await check('officer-report');
      await page.goto('/targets');
      await check('targets');
      await page.goto('/registry/imports');
      await check('import-upload');
      await page.setInputFiles('#import-file', {
        name: 'trainees.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('Full name,Sex,Profession,Date of consent\nТестова Айгүл,F,judge,not a date\n'),
      });
      await Promise.all([page.waitForURL('**/registry/imports/*'), page.click('form[enctype] button[type="submit"]')]);
      await check('import-report');
      await page.goto('/registry/duplicates');
      await check('duplicates');
      expect(problems).toEqual([]);
      await context.close();
    });
  });
});
