import { existsSync } from 'node:fs';

import type { Browser } from 'playwright-core';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { createCourse, createTrainee, createTrainer } from '../factories/training.js';
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
  submitForm,
} from '../support/browser.js';

const inCi = !!process.env.CI && process.env.CI !== 'false';
const describeInBrowser = existsSync(CHROMIUM) || inCi ? describe : describe.skip;

const year = new Date().getUTCFullYear() + 1;

describeInBrowser('the officer’s pages in a browser', () => {
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

  it('walks an officer (in Kyrgyz) from the dashboard to a planned event with a session, a trainer and a trainee', async () => {
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'], locale: 'ky' });
    const course = await createCourse(app.dataSource, { modules: 2 });
    const trainerId = await createTrainer(app.dataSource, { fullName: 'Асель Маматова Браузер' });
    const surname = `Тоқтоғулов${Math.random().toString(36).slice(2, 7)}`;
    await createTrainee(app.dataSource, { fullName: `${surname} Нурлан` });
    const context = await phoneContext(browser, app, 'ky-KG');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const check = async (name: string) => {
      expect([name, await seriousViolations(page)]).toEqual([name, []]);
    };

    await signInWithForm(page, officer.email, officer.password);
    await page.goto('/officer');
    expect(await page.textContent('h1')).toBe('Өлкө боюнча сереп');
    expect(await page.getAttribute('svg[role="img"]', 'aria-labelledby')).toBe('progress-chart-title');
    await check('dashboard');
    await screenshot(page, 'officer-dashboard-ky');

    await page.goto('/officer/events/new');
    await check('new event');
    await page.selectOption('#courseId', course.id);
    await page.fill('#venue', 'Ош, «Алай» мейманканасы');
    await page.selectOption('#language', 'ky');
    await page.fill('#startDate', `${year}-04-07`);
    await page.fill('#endDate', `${year}-04-09`);
    await page.fill('#capacity', 'көп');
    await submitForm(page, 'form[data-keep] button[type="submit"]');
    // Refused beside the field, with what was typed, and summed up first: focused, linking the field.
    expect(await page.getAttribute('#capacity', 'aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement.hasAttribute("data-error-summary")')).toBe(true);
    expect(await page.textContent('#error-summary-title')).toBe(translate('ky', 'web.form_summary.title'));
    await page.click('[data-error-summary] a[href="#capacity"]');
    expect(await page.evaluate('document.activeElement.id')).toBe('capacity');
    expect(await page.inputValue('#venue')).toBe('Ош, «Алай» мейманканасы');
    await check('new event with errors');
    await page.fill('#capacity', '20');
    await submitForm(page, 'form[data-keep] button[type="submit"]');
    expect(new URL(page.url()).pathname).toMatch(/^\/officer\/events\/[0-9a-f-]{36}$/);
    const eventId = new URL(page.url()).pathname.split('/')[3];

    await page.fill('#session-date', `${year}-04-07`);
    await page.fill('#session-start', '09:00');
    await page.fill('#session-end', '10:30');
    await page.selectOption('#session-module', course.moduleIds[0]);
    await submitForm(page, `form[action="/officer/events/${eventId}/sessions"] button[type="submit"]`);
    await page.selectOption('#trainer-0', trainerId);
    await submitForm(page, `form[action="/officer/events/${eventId}/trainers"] button[type="submit"]`);
    expect(await page.textContent('[data-form-saved]')).toBe('Тренерлер сакталды.');
    await check('event');
    await screenshot(page, 'officer-event-ky');

    // The enrol page loaded before its search is typed (a click alone does not wait for it).
    await Promise.all([
      page.waitForURL(`**/officer/events/${eventId}/enrol`),
      page.click(`a[href="/officer/events/${eventId}/enrol"]`),
    ]);
    await page.fill('#q', surname);
    await submitForm(page, 'form[role="search"] button');
    await check('enrol search');
    await submitForm(page, `form[method="post"][action="/officer/events/${eventId}/enrol"] button`);
    expect(await page.textContent('[data-form-saved]')).toBe('Катышуучу катталды.');
    await screenshot(page, 'officer-enrol-ky');

    const rows = await app.dataSource.query<{ sessions: string; trainers: string; trainees: string }[]>(
      `SELECT (SELECT count(*) FROM training_sessions WHERE event_id = $1) AS sessions,
              (SELECT count(*) FROM event_trainers WHERE event_id = $1) AS trainers,
              (SELECT count(*) FROM enrollments WHERE event_id = $1) AS trainees`,
      [eventId],
    );
    expect(rows[0]).toEqual({ sessions: '1', trainers: '1', trainees: '1' });

    await page.goto(`/officer/calendar?month=${year}-04`);
    await check('calendar');
    await page.goto(`/officer/courses/${course.id}`);
    await check('course');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the officer’s pages in Tajik', async () => {
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'], locale: 'tg' });
    const context = await phoneContext(browser, app, 'tg-TJ');
    const page = await context.newPage();
    await signInWithForm(page, officer.email, officer.password);
    await page.goto('/officer');
    expect(await page.textContent('h1')).toBe('Шарҳи кишвар');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'officer-dashboard-tg');
    await page.goto('/officer/events');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'officer-events-tg');
    await page.goto(`/officer/calendar?month=${year}-04`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'officer-calendar-tg');
    await context.close();
  });
});
