import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';

import { Role } from '@cascade/auth';

import { createTrainee } from '../factories/training.js';
import { createUser, ensureCountries } from '../factories/users.js';
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
import { word } from '../support/imports-fixture.js';
import { testConfig } from '../support/test-app.js';

const inCi = !!process.env.CI && process.env.CI !== 'false';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !inCi)
  console.warn(`${CHROMIUM} is not installed (apt-get install chromium): skipping the browser tests.`);
const describeInBrowser = hasChromium || inCi ? describe : describe.skip;

const REGION = 'KG-C';

describeInBrowser('the import page in a browser: a row that is a registered person', () => {
  let app: ListeningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startListeningApp(testConfig());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const noHorizontalScroll = (page: Page) =>
    page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

  describe.each([
    ['ky', 'ky-KG'],
    ['tg', 'tg-TJ'],
    ['uk', 'uk-UA'],
  ])('in %s', (locale, browserLocale) => {
    it('shows the candidate beside the row, takes "same person", and links it once', async () => {
      const marker = word(randomUUID());
      await ensureCountries(app.dataSource);
      await app.dataSource.query(
        `INSERT INTO regions (code, country_code, names) VALUES ($1, 'KG', $2) ON CONFLICT (code) DO NOTHING`,
        [
          REGION,
          JSON.stringify({
            en: 'Chüy',
            ru: 'Чуйская область',
            ky: 'Чүй облусу',
            tg: 'Вилояти Чуй',
            uk: 'Чуйська область',
          }),
        ],
      );
      const [{ region }] = await app.dataSource.query<{ region: string }[]>(
        `SELECT names ->> $2 AS region FROM regions WHERE code = $1`,
        [REGION, locale],
      );
      const [{ id: organization }] = await app.dataSource.query<{ id: string }[]>(
        `INSERT INTO organizations (name, type, country_code) VALUES ($1, 'court', 'KG') RETURNING id`,
        [`Бишкек шаардык соту ${marker}`],
      );
      const known = await createTrainee(app.dataSource, {
        fullName: `Сыдыкова Жылдыз ${marker}`,
        latinName: `Sydykova Zhyldyz ${marker}`,
        birthYear: 1985,
        profession: 'judge',
        organizationId: organization,
      });
      await app.dataSource.query(`UPDATE trainees SET region_code = $2 WHERE id = $1`, [known, REGION]);
      const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'], locale });
      const context = await phoneContext(browser, app, browserLocale);
      const page = await context.newPage();
      const problems: string[] = [];
      const check = async (name: string) => {
        expect(await page.getAttribute('html', 'lang')).toBe(locale);
        problems.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
        expect(await noHorizontalScroll(page)).toBe(true);
        await screenshot(page, `${locale}-import-resolve-${name}`);
      };

      await signInWithForm(page, officer.email, officer.password);
      await page.goto('/registry/imports');
      // No file chosen: a sentence beside the file box, no API words.
      await Promise.all([page.waitForLoadState('load'), page.click('form[enctype] button[type="submit"]')]);
      const missing = await page.textContent('#import-file-error');
      expect(missing).toBeTruthy();
      expect(missing).not.toMatch(/multipart|"file"/);
      await check('upload-missing');

      await page.setInputFiles('#import-file', {
        name: 'trainees.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'Full name,Sex,Profession,Year of birth,Date of consent\n' +
            `Сыдыкова Жылдыз ${marker},F,judge,1985,01.02.2025\n` +
            `Эшматов Бахтиёр ${marker},M,prosecutor,1979,01.02.2025\n`,
        ),
      });
      await Promise.all([page.waitForURL('**/registry/imports/*'), page.click('form[enctype] button[type="submit"]')]);
      await page.waitForSelector('#resolve-2');
      const shown = (await page.textContent('#resolve-2')) ?? '';
      expect(shown).toContain(`Сыдыкова Жылдыз ${marker}`);
      expect(shown).toContain(`Бишкек шаардык соту ${marker}`);
      expect(shown).toContain(region);
      expect(shown).toContain('1985');
      // Never a raw id or code.
      expect(shown).not.toContain(known);
      expect(shown).not.toContain(organization);
      expect(shown).not.toContain(REGION);
      expect(shown).not.toContain('judge');
      await check('report');

      // Committing without an answer is refused with a sentence, nothing written.
      await Promise.all([page.waitForLoadState('load'), page.click('#import-commit')]);
      const refusal = (await page.textContent('.notice.error')) ?? '';
      expect(refusal).toBeTruthy();
      expect(refusal).not.toMatch(/acceptDuplicates|resolutions|traineeId/);
      await check('unanswered');

      await page.check(`input[name="choice.2"][value="same:${known}"]`);
      await Promise.all([page.waitForLoadState('load'), page.click('#import-commit')]);
      await page.waitForSelector('.notice.success');
      await check('committed');

      const people = await app.dataSource.query<{ id: string; full_name: string }[]>(
        `SELECT id, full_name FROM trainees WHERE full_name LIKE $1 ORDER BY full_name`,
        [`%${marker}%`],
      );
      expect(people.filter((p) => p.full_name.startsWith('Сыдыкова')).map((p) => p.id)).toEqual([known]);
      expect(people).toHaveLength(2);
      expect(problems).toEqual([]);
      await context.close();
    });
  });
});
