import { existsSync, readFileSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';

import { Role } from '@cascade/auth';

import { createCourse, createEvent, createSession, createTrainee, enroll } from '../factories/training.js';
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
import { itReadingPdfs, pdfText } from '../support/certificates-fixture.js';

const inCi = !!process.env.CI && process.env.CI !== 'false';
const describeInBrowser = existsSync(CHROMIUM) || inCi ? describe : describe.skip;

/** Presses a form's button from the keyboard and waits for the next page to load. */
async function submit(page: Page, button: string): Promise<void> {
  await page.evaluate('window.beforeSubmit = true');
  await page.focus(button);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const page = globalThis as unknown as { beforeSubmit?: boolean; document: { readyState: string } };
    return !page.beforeSubmit && page.document.readyState === 'complete';
  });
}

/**
 * What sticks out of a phone-wide page (nothing: no sideways scrolling of the page). A wide table
 * scrolls inside its own box (.table-scroll), which the page keeps within the phone.
 */
const scrollsSideways = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => !e.closest('.table-scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((e) => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className)
    .slice(0, 5)
    .concat(document.documentElement.scrollWidth > document.documentElement.clientWidth ? ['the page'] : [])`);

/** Texts each walk expects, in its language. */
const WALKS = [
  {
    locale: 'ky',
    browserLocale: 'ky-KG',
    birthYear: 1981,
    saved: 'Жазуу сакталды.',
    sheet: 'Катышуучулардын катталуу баракчасы',
    signature: 'Колу',
  },
  {
    locale: 'tg',
    browserLocale: 'tg-TJ',
    birthYear: 1982,
    saved: 'Сабт нигоҳ дошта шуд.',
    sheet: 'Варақаи қайди иштирокчиён',
    signature: 'Имзо',
  },
  {
    locale: 'uk',
    browserLocale: 'uk-UA',
    birthYear: 1983,
    saved: 'Запис збережено.',
    sheet: 'Реєстраційний лист учасників',
    signature: 'Підпис',
  },
] as const;

describeInBrowser('trainee records and sign-in sheets in a browser', () => {
  let app: ListeningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startListeningApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const walk of WALKS) {
    itReadingPdfs(
      `finds a trainee by the Latin spelling, opens and edits the record, downloads the sign-in sheet (${walk.locale})`,
      async () => {
        const officer = await createUser(app.dataSource, {
          role: Role.ProgramOfficer,
          countries: ['KG'],
          locale: walk.locale,
        });
        const course = await createCourse(app.dataSource, { modules: 1 });
        const eventId = await createEvent(app.dataSource, {
          courseId: course.id,
          language: walk.locale,
          startDate: '2099-04-07',
          endDate: '2099-04-08',
        });
        await createSession(app.dataSource, eventId, { date: '2099-04-07' });
        // People of one name: the list tells them apart by birth year (and the rest).
        const traineeId = await createTrainee(app.dataSource, {
          fullName: 'Жылдыз Сыдыкова',
          birthYear: walk.birthYear,
        });
        await enroll(app.dataSource, eventId, traineeId);
        const context = await phoneContext(browser, app, walk.browserLocale);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        const check = async (name: string) => {
          expect([name, await seriousViolations(page)]).toEqual([name, []]);
          expect([name, await scrollsSideways(page)]).toEqual([name, []]);
        };
        await signInWithForm(page, officer.email, officer.password);

        // Only the Cyrillic name is recorded: the search finds it by a Latin spelling, surname first.
        await page.goto('/officer/trainees');
        await page.fill('#f-search', 'Sydykova Zhyldyz');
        await submit(page, 'form.filters button');
        await check('trainees');
        await screenshot(page, `trainees-${walk.locale}`);
        const link = page.locator(`a[href="/officer/trainees/${traineeId}"]`);
        expect(await link.textContent()).toContain(String(walk.birthYear));

        await Promise.all([page.waitForURL(`**/officer/trainees/${traineeId}`), link.click()]);
        expect(await page.textContent('h1')).toContain('Жылдыз Сыдыкова');
        await check('profile');
        await screenshot(page, `trainee-profile-${walk.locale}`);

        await Promise.all([
          page.waitForURL(`**/officer/trainees/${traineeId}/edit`),
          page.click(`a[href="/officer/trainees/${traineeId}/edit"]`),
        ]);
        await check('edit');
        await page.fill('#phone', '+996 555 12 34 56');
        await page.fill('#birthYear', '1879');
        await submit(page, 'form.stack button[type="submit"]');
        expect(await page.getAttribute('#birthYear', 'aria-invalid')).toBe('true');
        expect(await page.inputValue('#phone')).toBe('+996 555 12 34 56');
        await check('edit refused');
        await page.fill('#birthYear', String(walk.birthYear));
        await submit(page, 'form.stack button[type="submit"]');
        expect(await page.textContent('[data-form-saved]')).toBe(walk.saved);
        const [{ phone }] = await app.dataSource.query(`SELECT phone FROM trainees WHERE id = $1`, [traineeId]);
        expect(phone).toBe('+996555123456');

        await page.goto(`/officer/trainees/${traineeId}/withdraw-consent`);
        await check('withdraw consent');

        await page.goto(`/officer/events/${eventId}/attendance`);
        await check('attendance summary');
        await page.goto(`/officer/events/${eventId}`);
        await check('event');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click(`a[href="/attendance-sheets/${eventId}"]`),
        ]);
        const text = pdfText(readFileSync(await download.path()));
        expect(text).toContain(walk.sheet);
        expect(text).toContain(walk.signature);
        expect(text).toContain('Жылдыз Сыдыкова');

        // The roster printed from the browser keeps the names, without the page's buttons.
        await page.emulateMedia({ media: 'print' });
        expect(await page.isVisible('header.top')).toBe(false);
        expect(await page.isVisible(`a[href="/officer/trainees/${traineeId}"]`)).toBe(true);
        expect(errors).toEqual([]);
        await context.close();
      },
    );
  }
});
