import { existsSync } from 'node:fs';

import type { Browser } from 'playwright-core';

import { Role } from '@cascade/auth';
import { formatDateRange } from '@cascade/common';
import { translate } from '@cascade/i18n';

import { createCourse } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import {
  CHROMIUM,
  launchChromium,
  type ListeningApp,
  screenshot,
  seriousViolations,
  signInWithForm,
  startListeningApp,
  submitForm,
} from '../support/browser.js';

const inCi = !!process.env.CI && process.env.CI !== 'false';
const describeInBrowser = existsSync(CHROMIUM) || inCi ? describe : describe.skip;

const next = new Date().getUTCFullYear() + 1;

describeInBrowser('dates typed in a browser of another language', () => {
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

  it('takes 05.03 as 5 March on a Tajik page in an English (US) browser, on a phone', async () => {
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'], locale: 'tg' });
    const course = await createCourse(app.dataSource, { modules: 1 });
    // A US browser: its own date picker would ask month first (mm/dd/yyyy).
    const context = await browser.newContext({
      baseURL: app.url,
      locale: 'en-US',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithForm(page, officer.email, officer.password);
    expect(await page.evaluate('navigator.language')).toBe('en-US');

    await page.goto('/officer/events/new');
    expect(await page.getAttribute('html', 'lang')).toBe('tg');
    expect(await page.getAttribute('#startDate', 'type')).toBe('text');
    expect(await page.getAttribute('#startDate', 'inputmode')).toBe('numeric');
    expect(await page.textContent('#startDate-hint')).toBe(translate('tg', 'web.date_entry.date'));
    expect(await seriousViolations(page)).toEqual([]);
    await page.selectOption('#courseId', course.id);
    await page.fill('#venue', 'Душанбе, меҳмонхонаи «Вахш»');
    await page.selectOption('#language', 'tg');
    await page.fill('#startDate', `05.03.${next}`);
    await page.fill('#endDate', `06.03.${next}`);
    await page.fill('#capacity', '20');
    await screenshot(page, 'date-entry-event-form-tg');
    await submitForm(page, 'form[data-keep] button[type="submit"]');
    expect(new URL(page.url()).pathname).toMatch(/^\/officer\/events\/[0-9a-f-]{36}$/);
    const eventId = new URL(page.url()).pathname.split('/')[3];

    // The saved event reads 5–6 March in Tajik, and so does the database.
    expect(await page.textContent('dl.facts')).toContain(formatDateRange('tg', `${next}-03-05`, `${next}-03-06`));
    expect(formatDateRange('tg', `${next}-03-05`, `${next}-03-06`)).toBe(`5–6 марти ${next}`);
    const [event] = await app.dataSource.query<{ start: string; end: string }[]>(
      'SELECT start_date::text AS start, end_date::text AS end FROM training_events WHERE id = $1',
      [eventId],
    );
    expect(event).toEqual({ start: `${next}-03-05`, end: `${next}-03-06` });

    // A session typed 06.03 at 9:30 for an hour and a half.
    expect(await page.inputValue('#session-date')).toBe(`05.03.${next}`);
    await page.fill('#session-date', `06.03.${next}`);
    await page.fill('#session-start', '9:30');
    await page.fill('#session-end', '11.00');
    await submitForm(page, `form[action="/officer/events/${eventId}/sessions"] button[type="submit"]`);
    const sessions = await app.dataSource.query<{ date: string; start: string }[]>(
      'SELECT date::text AS date, start_time::text AS start FROM training_sessions WHERE event_id = $1',
      [eventId],
    );
    expect(sessions).toEqual([{ date: `${next}-03-06`, start: '09:30:00' }]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'date-entry-event-tg');
    expect(errors).toEqual([]);
    await context.close();
  });
});
