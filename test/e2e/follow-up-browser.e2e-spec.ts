import { existsSync } from 'node:fs';

import type { Browser } from 'playwright-core';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { FollowUpWavesService } from '../../src/modules/follow-up/index.js';
import { createCompletedEvent, createCompleter } from '../factories/follow-up.js';
import { assignTrainer, createTrainer } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
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

/** The day an event ended for its 3-month wave to open today. */
function endedThreeMonthsAgo(): string {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - 3);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

const fits = async (page: import('playwright-core').Page) => {
  const width = await page.evaluate<{ page: number; screen: number }>(
    '({ page: document.documentElement.scrollWidth, screen: window.innerWidth })',
  );
  expect(width.page).toBeLessThanOrEqual(width.screen);
};

describeInBrowser(
  'the practice follow-up on a 390 px phone: a trainee in Tajik, an officer, a trainer in Kyrgyz and in Tajik',
  () => {
    let app: ListeningApp;
    let browser: Browser;
    let eventId: string;
    let link: string;
    let officer: TestUser;

    beforeAll(async () => {
      app = await startListeningApp();
      browser = await launchChromium();
      eventId = await createCompletedEvent(app.dataSource, { endDate: endedThreeMonthsAgo(), countryCode: 'TJ' });
      const trainee = await createCompleter(app.dataSource, eventId, { preferredLanguage: 'tg', countryCode: 'TJ' });
      // The daily run, today: the wave's message is written to the outbox with her link.
      await app.api.get(FollowUpWavesService).run(new Date());
      const [{ body_text }] = await app.dataSource.query<{ body_text: string }[]>(
        `SELECT body_text FROM outbox_messages WHERE trainee_id = $1`,
        [trainee.traineeId],
      );
      link = new URL(/https?:\/\/\S+\/follow-up\/[A-Za-z0-9_-]{43}(?=\s)/.exec(body_text)![0]).pathname;
      officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'], locale: 'tg' });
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('shows the form in her language, fits the screen, passes axe, and sends an answer typed offline once back online', async () => {
      const context = await phoneContext(browser, app, 'en');
      const page = await context.newPage();
      await page.goto(link);
      expect(await page.getAttribute('html', 'lang')).toBe('tg');
      expect(await page.textContent('h1')).toBe(translate('tg', 'follow_up.form.title'));
      await fits(page);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'follow-up-form-tg');

      // The connection drops while she answers.
      await context.setOffline(true);
      await page.fill('#field-protocol_evaluations', '3');
      await page.click('#field-protocol_structure_used label:has(input[value="yes"])');
      await page.check('input[name="obstacles"][value="not_accepted"]');
      await page.click('#field-further_training label:has(input[value="no"])');
      await page.fill('#field-comment', 'Муассиса хулосаҳоро қабул намекунад');
      await page.click('form[data-feedback] button[type=submit]');
      await page.waitForSelector('#feedback-offline[data-state="waiting"]');
      expect(await page.textContent('#feedback-offline')).toBe(translate('tg', 'follow_up.form.offline'));
      expect(await app.dataSource.query('SELECT 1 FROM follow_up_answers WHERE event_id = $1', [eventId])).toHaveLength(
        0,
      );
      await screenshot(page, 'follow-up-form-offline-tg');

      await context.setOffline(false);
      await page.waitForURL(/saved=1/, { timeout: 60_000 });
      expect(await page.textContent('[data-form-saved]')).toBe(translate('tg', 'follow_up.answered.saved'));
      const [saved] = await app.dataSource.query<{ answers: Record<string, unknown>; comment: string }[]>(
        'SELECT answers, comment FROM follow_up_answers WHERE event_id = $1',
        [eventId],
      );
      expect(saved).toEqual({
        answers: {
          protocol_evaluations: 3,
          protocol_structure_used: true,
          obstacles: ['not_accepted'],
          further_training: false,
        },
        comment: 'Муассиса хулосаҳоро қабул намекунад',
      });
      expect(await seriousViolations(page)).toEqual([]);
      await fits(page);
      await screenshot(page, 'follow-up-saved-tg');
      await context.close();
    }, 120_000);

    it("shows the officer the event's follow-up and the course's schedule and questions on the phone, in Tajik", async () => {
      const context = await phoneContext(browser, app, 'tg');
      const page = await context.newPage();
      await signInWithForm(page, officer.email, officer.password);
      await page.goto(`/officer/events/${eventId}/follow-up`);
      expect(await page.getAttribute('html', 'lang')).toBe('tg');
      expect(await page.textContent('h1')).toBe(translate('tg', 'follow_up.tracking.title'));
      await fits(page);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'follow-up-tracking-tg');
      await page.click(`a:text("${translate('tg', 'follow_up.tracking.schedule')}")`);
      await page.waitForURL(/\/officer\/courses\/[^/]+\/follow-up$/);
      await fits(page);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'follow-up-schedule-tg');
      await context.close();
    }, 120_000);
    it.each([
      ['ky', 'KG'],
      ['tg', 'TJ'],
    ] as const)(
      'lets a trainer of the event enter an answer given by phone, from the event page, on the phone (%s)',
      async (locale, countryCode) => {
        const event = await createCompletedEvent(app.dataSource, { endDate: endedThreeMonthsAgo(), countryCode });
        const trainee = await createCompleter(app.dataSource, event, {
          email: null,
          profession: 'prosecutor',
          countryCode,
        });
        await app.api.get(FollowUpWavesService).run(new Date());
        const trainer = await createUser(app.dataSource, { role: Role.Trainer, countries: [countryCode], locale });
        await assignTrainer(
          app.dataSource,
          event,
          await createTrainer(app.dataSource, { userId: trainer.id, countryCode }),
        );
        const context = await phoneContext(browser, app, locale);
        const page = await context.newPage();
        await signInWithForm(page, trainer.email, trainer.password);
        await page.goto(`/trainer/events/${event}`);
        await page.click(`a:text("${translate(locale, 'follow_up.tracking.open')}")`);
        await page.waitForURL(/\/trainer\/events\/[^/]+\/follow-up$/);
        expect(await page.getAttribute('html', 'lang')).toBe(locale);
        expect(await page.textContent('h1')).toBe(translate(locale, 'follow_up.tracking.title'));
        await fits(page);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, `follow-up-trainer-${locale}`);

        await page.click(
          `tr[data-trainee="${trainee.traineeId}"] a:text("${translate(locale, 'follow_up.tracking.enter')}")`,
        );
        await page.waitForURL(/\/trainer\/follow-up\/links\//);
        await fits(page);
        expect(await seriousViolations(page)).toEqual([]);
        await page.click('#field-channel label:has(input[value="phone"])');
        await page.fill('#field-evidence_cases', '2');
        await page.click('#field-further_training label:has(input[value="yes"])');
        await screenshot(page, `follow-up-trainer-entry-${locale}`);
        await page.click('form[action^="/trainer/follow-up/links/"] button[type=submit]');
        await page.waitForURL(/\/trainer\/events\/[^/]+\/follow-up\?saved=1$/);
        expect(await page.textContent('p.notice.success')).toBe(translate(locale, 'follow_up.entry.saved'));
        expect(await seriousViolations(page)).toEqual([]);
        const saved = await app.dataSource.query<{ channel: string; collected_by: string }[]>(
          'SELECT channel, collected_by FROM follow_up_answers WHERE event_id = $1',
          [event],
        );
        expect(saved).toEqual([{ channel: 'phone', collected_by: trainer.id }]);
        await context.close();
      },
      120_000,
    );
  },
);
