import { existsSync } from 'node:fs';

import type { Browser } from 'playwright-core';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { uniqueSurname } from '../factories/names.js';
import {
  assignTrainer,
  createCourse,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import {
  CHROMIUM,
  launchChromium,
  type ListeningApp,
  screenshot,
  seriousViolations,
  signInWithForm,
  startListeningApp,
} from '../support/browser.js';
import { Visitor } from '../support/web.js';

const inCi = !!process.env.CI && process.env.CI !== 'false';
const describeInBrowser = existsSync(CHROMIUM) || inCi ? describe : describe.skip;

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describeInBrowser('a trainee answering the feedback form on a 390 × 844 phone, in Tajik', () => {
  let app: ListeningApp;
  let browser: Browser;
  let eventId: string;
  let link: string;
  let trainer: { id: string; name: string };
  let officer: TestUser;

  beforeAll(async () => {
    app = await startListeningApp();
    browser = await launchChromium();
    const course = await createCourse(app.dataSource, { modules: 2 });
    eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      countryCode: 'TJ',
      startDate: day(-1),
      endDate: day(0),
      language: 'ru',
    });
    const trainerName = `Ҷамшед ${uniqueSurname()}`;
    trainer = {
      id: await createTrainer(app.dataSource, { countryCode: 'TJ', fullName: trainerName }),
      name: trainerName,
    };
    await assignTrainer(app.dataSource, eventId, trainer.id);
    await createSession(app.dataSource, eventId, { date: day(0), moduleId: course.moduleIds[0] });
    await createSession(app.dataSource, eventId, {
      date: day(0),
      startTime: '11:00',
      endTime: '12:30',
      moduleId: course.moduleIds[1],
    });
    const trainee = await createTrainee(app.dataSource, { countryCode: 'TJ', fullName: `Мунира ${uniqueSurname()}` });
    // Her own language is Tajik; the event is taught in Russian.
    await app.dataSource.query(`UPDATE trainees SET preferred_language = 'tg' WHERE id = $1`, [trainee]);
    await enroll(app.dataSource, eventId, trainee);
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'], locale: 'tg' });
    const visitor = new Visitor(app);
    await visitor.signIn(officer.email, officer.password);
    const slips = await visitor.get(`/officer/events/${eventId}/feedback/slips`);
    link = new URL(/href="([^"]+\/feedback\/[A-Za-z0-9_-]{43})"/.exec(slips.body)![1]).pathname;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the form in her language, fits the screen, passes axe, and sends an answer typed offline once back online', async () => {
    const context = await browser.newContext({
      baseURL: app.url,
      locale: 'en',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(link);
    expect(await page.getAttribute('html', 'lang')).toBe('tg');
    expect(await page.textContent('h1')).toBe(translate('tg', 'feedback.form.title'));
    const width = await page.evaluate<{ page: number; screen: number }>(
      '({ page: document.documentElement.scrollWidth, screen: window.innerWidth })',
    );
    expect(width.page).toBeLessThanOrEqual(width.screen);
    expect(await page.textContent(`#field-trainer-${trainer.id} legend`)).toBe(trainer.name);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'feedback-form-tg');

    // The connection drops while she answers.
    await context.setOffline(true);
    await page.click('#field-overall label:has(input[value="4"])');
    for (const group of await page.$$('fieldset.rating:not(#field-overall)')) {
      await (await group.$('label:has(input[value="5"])'))!.click();
    }
    await page.fill('#field-mostUseful', 'Тартиби навиштани хулоса мувофиқи Протокол');
    await page.click('form[data-feedback] button[type=submit]');
    await page.waitForSelector('#feedback-offline[data-state="waiting"]');
    expect(await page.textContent('#feedback-offline')).toBe(translate('tg', 'feedback.form.offline'));
    const none = await app.dataSource.query('SELECT 1 FROM feedback_answers WHERE event_id = $1', [eventId]);
    expect(none).toHaveLength(0);
    await screenshot(page, 'feedback-form-offline-tg');

    await context.setOffline(false);
    await page.waitForURL(/saved=1/, { timeout: 60_000 });
    expect(await page.textContent('[data-form-saved]')).toContain(
      translate('tg', 'feedback.form.saved', { closes: '' }).slice(0, 20),
    );
    const [saved] = await app.dataSource.query<{ overall: number; most_useful: string; ratings: number }[]>(
      `SELECT a.overall, a.most_useful, (SELECT count(*)::int FROM feedback_ratings r WHERE r.answer_id = a.id) AS ratings
         FROM feedback_answers a WHERE a.event_id = $1`,
      [eventId],
    );
    expect(saved).toEqual({ overall: 4, most_useful: 'Тартиби навиштани хулоса мувофиқи Протокол', ratings: 3 });
    expect(await page.isChecked('input[name="overall"][value="4"]')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    const after = await page.evaluate<{ page: number; screen: number }>(
      '({ page: document.documentElement.scrollWidth, screen: window.innerWidth })',
    );
    expect(after.page).toBeLessThanOrEqual(after.screen);
    await screenshot(page, 'feedback-form-saved-tg');
    await context.close();
  }, 120_000);

  it("shows the officer the event's feedback and the printable slips on the phone, in Tajik", async () => {
    const context = await browser.newContext({ baseURL: app.url, locale: 'tg', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signInWithForm(page, officer.email, officer.password);
    for (const [path, name] of [
      [`/officer/events/${eventId}/feedback`, 'feedback-results-tg'],
      [`/officer/events/${eventId}/feedback/slips`, 'feedback-slips-tg'],
    ]) {
      await page.goto(path);
      expect(await page.getAttribute('html', 'lang')).toBe('tg');
      const width = await page.evaluate<{ page: number; screen: number }>(
        '({ page: document.documentElement.scrollWidth, screen: window.innerWidth })',
      );
      expect(width.page).toBeLessThanOrEqual(width.screen);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, name);
    }
    await context.close();
  }, 120_000);
});
