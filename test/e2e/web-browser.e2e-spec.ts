import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { Role } from '@cascade/auth';

import {
  assignTrainer,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser } from '../factories/users.js';
import {
  CHROMIUM,
  launchChromium,
  type ListeningApp,
  pageWeight,
  phoneContext,
  SCREENSHOTS,
  signInWithForm,
  startListeningApp,
} from '../support/browser.js';

const today = () => new Date().toISOString().slice(0, 10);

/** Debian's chromium drives these tests; without it they are skipped, except in CI (.ci/run installs it). */
const inCi = !!process.env.CI && process.env.CI !== 'false';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !inCi)
  console.warn(`${CHROMIUM} is not installed (apt-get install chromium): skipping the browser tests.`);
const describeInBrowser = hasChromium || inCi ? describe : describe.skip;

/** A trainer with a one-day event today: one session, three trainees enrolled. */
async function trainingDay(app: ListeningApp, locale = 'ru') {
  const user = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'], locale });
  const trainerId = await createTrainer(app.dataSource, { userId: user.id });
  const eventId = await createEvent(app.dataSource, { startDate: today(), endDate: today() });
  await assignTrainer(app.dataSource, eventId, trainerId);
  const sessionId = await createSession(app.dataSource, eventId, { date: today() });
  const trainees: string[] = [];
  for (const name of ['Айбек Токтогулов', 'Гүлнара Осмонова', 'Фарзона Ҷӯраева']) {
    const id = await createTrainee(app.dataSource, { fullName: `${name} ${trainees.length}` });
    await enroll(app.dataSource, eventId, id);
    trainees.push(id);
  }
  return { user, eventId, sessionId, trainees };
}

const marksOf = (app: ListeningApp, sessionId: string) =>
  app.dataSource.query<{ id: string; trainee_id: string; status: string }[]>(
    'SELECT id, trainee_id, status FROM attendance_marks WHERE session_id = $1',
    [sessionId],
  );

const tap = (page: Page, traineeId: string, status: string) =>
  page.click(`[data-trainee-id="${traineeId}"] label.choice.${status}`);

const waiting = (page: Page, count: number) =>
  page.waitForSelector(`#sync-status[data-waiting="${count}"]`, { state: 'attached' });

describeInBrowser('the web pages in a browser', () => {
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

  it('walks a trainer from sign-in to a marked roster and entered scores, light enough for a phone', async () => {
    const day = await trainingDay(app);
    const context = await phoneContext(browser, app, 'ru-RU');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await signInWithForm(page, day.user.email, day.user.password);
    expect(new URL(page.url()).pathname).toBe('/trainer');
    expect(await page.textContent('h1')).toBe('Мои мероприятия');

    await page.click(`a[href="/trainer/events/${day.eventId}"]`);
    await page.click(`a[href="/trainer/sessions/${day.sessionId}"]`);
    expect(await page.locator('fieldset.trainee').count()).toBe(3);

    await tap(page, day.trainees[1], 'late');
    await page.click('[data-all-present]');
    await tap(page, day.trainees[2], 'absent');
    // Each tap is queued and sent on its own: "all saved" may show between two of them, so the
    // database says when the last one has landed, then the page must say so too.
    const expected = {
      [day.trainees[0]]: 'present',
      [day.trainees[1]]: 'late',
      [day.trainees[2]]: 'absent',
    };
    const landed = async () =>
      Object.fromEntries((await marksOf(app, day.sessionId)).map((m) => [m.trainee_id, m.status]));
    const matches = (got: Record<string, string>) =>
      Object.keys(got).length === 3 && Object.entries(expected).every(([trainee, status]) => got[trainee] === status);
    for (let tries = 0; tries < 150 && !matches(await landed()); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await landed()).toEqual(expected);
    // A function, not a string: the pages' Content Security Policy forbids eval.
    await page.waitForFunction(() => {
      const { document } = globalThis as unknown as {
        document: { querySelector(selector: string): { dataset: { waiting?: string }; textContent: string } };
      };
      const box = document.querySelector('#sync-status');
      return box.dataset.waiting === '0' && box.textContent === 'Все отметки сохранены на сервере.';
    });

    await page.goto(`/trainer/events/${day.eventId}/scores`);
    await page.fill(`#pre-${day.trainees[0]}`, '40');
    await page.fill(`#post-${day.trainees[0]}`, '85');
    await Promise.all([page.waitForURL(/saved=1/), page.click('form.scores button[type=submit]')]);
    expect(await page.textContent('.notice.success')).toBe('Результаты сохранены.');
    const [score] = await app.dataSource.query<{ pre_score: number; post_score: number }[]>(
      'SELECT pre_score, post_score FROM assessments WHERE event_id = $1 AND trainee_id = $2',
      [day.eventId, day.trainees[0]],
    );
    expect(score).toEqual({ pre_score: 40, post_score: 85 });
    expect(errors).toEqual([]);

    // The trainer's first load of the attendance page: HTML, CSS and JS as gzip puts them on the wire.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const weights = await pageWeight(app, `/trainer/sessions/${day.sessionId}`, cookie);
    const total = Object.values(weights).reduce((sum, bytes) => sum + bytes, 0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, '..', 'page-weight.json'), JSON.stringify({ total, weights }, null, 2));
    expect(total).toBeLessThanOrEqual(100 * 1024);
    await context.close();
  });

  it('keeps marks made offline through a reload and sends each exactly once when the connection returns', async () => {
    const day = await trainingDay(app);
    const context = await phoneContext(browser, app, 'ru-RU');
    const page = await context.newPage();
    await signInWithForm(page, day.user.email, day.user.password);
    await page.goto(`/trainer/sessions/${day.sessionId}`);
    // The service worker has kept this roster for offline use.
    await page.waitForSelector('html[data-offline-ready="true"]', { state: 'attached' });

    await context.setOffline(true);
    await tap(page, day.trainees[0], 'present');
    await tap(page, day.trainees[1], 'absent');
    await tap(page, day.trainees[2], 'late');
    await waiting(page, 3);
    expect(await page.textContent('#sync-status')).toContain('Отметок ждут отправки: 3.');

    await page.reload();
    await waiting(page, 3);
    expect(await page.textContent('#sync-status')).toContain('Отметок ждут отправки: 3.');
    expect(await page.isChecked(`[data-trainee-id="${day.trainees[1]}"] input[value=absent]`)).toBe(true);
    expect(await marksOf(app, day.sessionId)).toEqual([]);

    await context.setOffline(false);
    await page.waitForSelector('#sync-status.done[data-waiting="0"]');
    const marks = await marksOf(app, day.sessionId);
    expect(marks).toHaveLength(3);
    expect(new Set(marks.map((m) => m.trainee_id))).toEqual(new Set(day.trainees));
    expect(Object.fromEntries(marks.map((m) => [m.trainee_id, m.status]))).toEqual({
      [day.trainees[0]]: 'present',
      [day.trainees[1]]: 'absent',
      [day.trainees[2]]: 'late',
    });
    await context.close();
  });

  it('keeps the marks queued and says so when the server refuses them, and sends them later', async () => {
    const day = await trainingDay(app, 'en');
    const context = await phoneContext(browser, app, 'en');
    const page = await context.newPage();
    await signInWithForm(page, day.user.email, day.user.password);
    await page.goto(`/trainer/sessions/${day.sessionId}`);

    await page.route('**/sessions/*/attendance', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 409, code: 'conflict', message: 'This conflicts with the record.' }),
      }),
    );
    await tap(page, day.trainees[0], 'excused');
    await page.waitForSelector('#sync-status.failed[data-waiting="1"]');
    expect(await page.textContent('#sync-status')).toBe(
      'Marks waiting to be sent: 1. Sending failed: the marks stay on this device and will be sent again. This conflicts with the record.',
    );
    await page.unroute('**/sessions/*/attendance');
    await page.route('**/sessions/*/attendance', (route) => route.abort('connectionrefused'));
    await page.click('[data-save]');
    await page.waitForSelector('#sync-status.failed[data-waiting="1"]');
    expect(await marksOf(app, day.sessionId)).toEqual([]);

    await page.unroute('**/sessions/*/attendance');
    await page.click('[data-save]');
    await page.waitForSelector('#sync-status.done[data-waiting="0"]');
    expect((await marksOf(app, day.sessionId)).map((m) => m.status)).toEqual(['excused']);
    await context.close();
  });
  // Every page in Kyrgyz and Tajik at 390 px, with axe-core and screenshots: web-phone-browser.e2e-spec.ts.
});
