import { existsSync } from 'node:fs';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { generateCertificateCode } from '../../src/modules/certificates/certificate-code.js';
import { createReportCountry } from '../factories/report-country.js';
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

const inCi = !!process.env.CI && process.env.CI !== 'false';
const describeInBrowser = existsSync(CHROMIUM) || inCi ? describe : describe.skip;

const PHONE = { width: 390, height: 844 };
const today = () => new Date().toISOString().slice(0, 10);
const FIRST_NAMES = ['Айгүл', 'Бакыт', 'Гүлнара', 'Зарина', 'Мунира', 'Фарход', 'Дилшод', 'Нурбек', 'Сабина', 'Ҷамшед'];

/** The whole page as laid out, against the phone's width: nothing may stick out sideways. */
const widths = (page: Page) =>
  page.evaluate<{ page: number; screen: number }>(
    '({ page: document.documentElement.scrollWidth, screen: window.innerWidth })',
  );

/** One trainer's event under way today in the report country: a session, 21 trainees (a long roster). */
async function eventToday(app: ListeningApp, country: string) {
  const course = await createCourse(app.dataSource);
  const eventId = await createEvent(app.dataSource, {
    courseId: course.id,
    countryCode: country,
    startDate: today(),
    endDate: today(),
  });
  const sessionId = await createSession(app.dataSource, eventId, { date: today() });
  const trainees: string[] = [];
  for (let row = 0; row < 21; row++) {
    const name = `${FIRST_NAMES[row % FIRST_NAMES.length]} Осмонова ${row + 1}`;
    const id = await createTrainee(app.dataSource, { countryCode: country, fullName: name });
    await enroll(app.dataSource, eventId, id);
    trainees.push(id);
  }
  return { courseId: course.id, eventId, sessionId, trainees };
}

async function trainerOf(app: ListeningApp, country: string, eventId: string, locale: string): Promise<TestUser> {
  const user = await createUser(app.dataSource, { role: Role.Trainer, countries: [country], locale });
  // A trainer of the country their account is for: their own record (and certification) is in reach.
  const trainer = await createTrainer(app.dataSource, { userId: user.id, countryCode: country });
  await assignTrainer(app.dataSource, eventId, trainer);
  return user;
}

/** A certificate issued to a trainee of the event: its code, which the public check page reads. */
async function certificateOf(app: ListeningApp, eventId: string, traineeId: string, locale: string) {
  const [enrollment] = await app.dataSource.query<{ id: string }[]>(
    'SELECT id FROM enrollments WHERE event_id = $1 AND trainee_id = $2',
    [eventId, traineeId],
  );
  const code = generateCertificateCode();
  await app.dataSource.query(
    `INSERT INTO certificates (code, enrollment_id, issued_at, locale, pdf) VALUES ($1, $2, now(), $3, '\\x00')`,
    [code, enrollment.id, locale],
  );
  return code;
}

/** What this phone keeps offline: waiting marks (of any account) and whether kept pages exist. */
const offlineStore = (page: Page) =>
  page.evaluate<{ marks: number; pages: boolean }>(`new Promise((resolve) => {
    const open = indexedDB.open('cascade-offline', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('marks', { keyPath: 'key' });
    open.onsuccess = () => {
      const all = open.result.transaction('marks').objectStore('marks').getAll();
      all.onsuccess = () => caches.has('cascade-pages').then((pages) => resolve({ marks: all.result.length, pages }));
    };
  })`);

describeInBrowser('the pages on a 390 × 844 phone', () => {
  let app: ListeningApp;
  let browser: Browser;
  let country: string;
  let day: Awaited<ReturnType<typeof eventToday>>;
  let messageId: string;

  beforeAll(async () => {
    app = await startListeningApp();
    browser = await launchChromium();
    country = (await createReportCountry(app.dataSource, new Date().getUTCFullYear())).country;
    day = await eventToday(app, country);
    // A failed message with a long link, as the outbox page must show it on a phone.
    [{ id: messageId }] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO outbox_messages (dedupe_key, kind, recipient, locale, subject, body_text, status, attempts, last_error)
       VALUES (gen_random_uuid()::text, 'certificate_expiry', 'refused.mailbox.with.a.long.name@example.org', 'tg',
               'Мӯҳлати сертификати шумо оид ба «Протоколи Истанбул барои коршиносони тиббӣ-судӣ» ба охир мерасад',
               $1, 'failed', 1, '550 Requested action not taken: mailbox unavailable')
       RETURNING id`,
      [`Салом!\n\nСанҷиши сертификат: https://cascade.example.org/verify/${'7KQ29F3M'.repeat(4)}`],
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const newPhone = (locale: string): Promise<BrowserContext> =>
    browser.newContext({
      baseURL: app.url,
      locale,
      viewport: PHONE,
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });

  /** Every page a role opens, by role; the phone pages (a trainer's, a visitor's, a donor's) get screenshots. */
  const walks = (locale: 'ky' | 'tg') => {
    const event = `/officer/events/${day.eventId}`;
    return {
      visitor: [
        '/sign-in',
        '/verify',
        '/verify/(certificate)',
        '/verify/NOPE-NOPE',
        '/no-such-page',
        `/feedback/${'N'.repeat(43)}`,
      ],
      trainer: [
        '/trainer',
        `/trainer/events/${day.eventId}`,
        `/trainer/sessions/${day.sessionId}`,
        `/trainer/events/${day.eventId}/scores`,
        `/trainer/events/${day.eventId}/feedback`,
        `/trainer/events/${day.eventId}/feedback/slips`,
        '/account/password',
        '/trainer/certification',
        '/officer',
        '/trainer/sessions/00000000-0000-4000-8000-000000000000',
      ],
      program_officer: [
        '/officer',
        '/officer/events',
        '/officer/calendar',
        '/officer/courses',
        `/officer/courses/${day.courseId}`,
        '/officer/events/new',
        event,
        `${event}/edit`,
        `${event}/enrol`,
        `${event}/certificates`,
        `${event}/attendance`,
        `${event}/feedback`,
        `${event}/feedback/slips`,
        '/officer/certificate-register',
        '/officer/expiring-certificates',
        `/officer/certificate-issuers/${country}`,
        '/officer/trainees',
        `/officer/trainees/${day.trainees[0]}`,
        `/officer/trainees/${day.trainees[0]}/edit`,
        `/officer/trainees/${day.trainees[0]}/withdraw-consent`,
        '/progress',
        '/targets',
        '/registry/imports',
        '/registry/duplicates',
        '/donor',
        `/donor/countries/${country}`,
        '/officer/trainers',
        `/officer/certification/${country}`,
      ],
      donor: ['/donor', `/donor/countries/${country}`, '/account/password'],
      admin: [
        '/',
        '/officer/events',
        `/donor/countries/${locale === 'ky' ? 'KG' : 'TJ'}`,
        '/admin/messages',
        '/admin/messages?status=failed',
        `/admin/messages/${messageId}`,
      ],
    };
  };
  const SCREENSHOT_ROLES = new Set(['visitor', 'trainer', 'donor']);
  const REFUSED_PAGES = new Set([
    '/verify/NOPE-NOPE',
    '/no-such-page',
    `/feedback/${'N'.repeat(43)}`,
    '/trainer/sessions/00000000-0000-4000-8000-000000000000',
  ]);

  describe.each(['ky', 'tg'] as const)('in %s', (locale) => {
    it.each(['visitor', 'trainer', 'program_officer', 'donor', 'admin'] as const)(
      'opens every page as %s: no wider than the screen, axe-clean, in the language',
      async (role) => {
        const user =
          role === 'visitor'
            ? null
            : role === 'trainer'
              ? await trainerOf(app, country, day.eventId, locale)
              : await createUser(app.dataSource, {
                  role: role as Role,
                  countries: role === 'admin' ? [] : [country],
                  locale,
                });
        const certificate =
          role === 'visitor'
            ? await certificateOf(app, day.eventId, day.trainees[locale === 'ky' ? 0 : 1], locale)
            : '';
        const context = await newPhone(locale);
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
        if (user) await signInWithForm(page, user.email, user.password);
        for (const path of walks(locale)[role].map((p) => p.replace('(certificate)', certificate))) {
          const response = await page.goto(path);
          // The error pages are walked on purpose; every other page must open.
          const refusal = REFUSED_PAGES.has(path) || (role === 'trainer' && path === '/officer');
          expect([path, (response?.status() ?? 0) >= 400]).toEqual([path, refusal]);
          expect([path, await page.getAttribute('html', 'lang')]).toEqual([path, locale]);
          const { page: width, screen } = await widths(page);
          if (width > screen) problems.push(`${path}: ${width} px wide on a ${screen} px screen`);
          problems.push(...(await seriousViolations(page)).map((v) => `${path}: ${v}`));
          if (SCREENSHOT_ROLES.has(role)) {
            // Stable names: the ids and codes of this run are left out.
            const name = path
              .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'id')
              .replace(certificate || '(none)', 'code')
              .replace(`/${country}`, '/country')
              .replace(/[^a-z]+/gi, '-');
            await screenshot(page, `phone-${locale}-${role}${name}`.replace(/-$/, ''));
          }
        }
        await context.close();
        expect(problems).toEqual([]);
      },
      180_000,
    );

    it('folds the menu, keeps the roster’s bar in sight, and focuses the summary of a refused form', async () => {
      const trainer = await trainerOf(app, country, day.eventId, locale);
      const context = await newPhone(locale);
      const page = await context.newPage();
      await signInWithForm(page, trainer.email, trainer.password);

      // The folded menu takes one line; opened, it lists the pages with large tap targets.
      const header = await page.locator('header.top').boundingBox();
      expect(header!.height).toBeLessThan(PHONE.height * 0.1);
      expect(await page.isVisible('header nav')).toBe(false);
      await page.click('.menu-toggle');
      expect(await page.isVisible('header nav a[href="/trainer"]')).toBe(true);
      expect((await page.locator('header nav a').first().boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await screenshot(page, `phone-${locale}-menu-open`);

      // A long roster: "marked N of M" and the sync state stay on screen at its end.
      await page.goto(`/trainer/sessions/${day.sessionId}`);
      const marked = (n: number) => translate(locale, 'web.roster.marked', { marked: n, total: 21 });
      const before = Number(await page.getAttribute('#marked-count', 'data-marked'));
      expect(await page.textContent('#marked-count')).toBe(marked(before));
      await page.click(`[data-trainee-id="${day.trainees[locale === 'ky' ? 20 : 19]}"] label.choice.present`);
      await page.waitForSelector('#sync-status.done');
      expect(await page.textContent('#marked-count')).toBe(marked(before + 1));
      const bar = await page.locator('.roster-bar').boundingBox();
      expect(bar!.y).toBeGreaterThanOrEqual(0);
      expect(bar!.y + bar!.height).toBeLessThanOrEqual(PHONE.height);
      expect(await page.isVisible('#sync-status')).toBe(true);
      await screenshot(page, `phone-${locale}-roster-end`);

      // Row 16 refused: the page comes back with the summary first, focused, linking the field.
      await page.goto(`/trainer/events/${day.eventId}/scores`);
      const row16 = day.trainees[15];
      await page.fill(`#post-${row16}`, '150');
      await Promise.all([page.waitForURL(/scores$/), page.click('form.scores button[type=submit]')]);
      await page.waitForSelector('[data-error-summary]');
      expect(await page.evaluate('document.activeElement.hasAttribute("data-error-summary")')).toBe(true);
      await page.click(`[data-error-summary] a[href="#post-${row16}"]`);
      expect(await page.inputValue(`#post-${row16}`)).toBe('150');
      expect(await page.getAttribute(`#post-${row16}`, 'aria-invalid')).toBe('true');
      await screenshot(page, `phone-${locale}-scores-refused`);
      await context.close();
    }, 120_000);
  });

  it('sends the scores typed offline when the connection returns, saying so in the page’s language', async () => {
    const trainer = await trainerOf(app, country, day.eventId, 'tg');
    const context = await newPhone('tg');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInWithForm(page, trainer.email, trainer.password);
    await page.goto(`/trainer/events/${day.eventId}/scores`);
    await context.setOffline(true);
    await page.fill(`#pre-${day.trainees[2]}`, '35');
    await page.click('form.scores button[type=submit]');
    await page.waitForSelector('#scores-offline[data-state="waiting"]');
    expect(await page.textContent('#scores-offline')).toBe(translate('tg', 'web.scores.offline'));
    expect(new URL(page.url()).pathname).toBe(`/trainer/events/${day.eventId}/scores`);

    await Promise.all([page.waitForURL(/saved=1/), context.setOffline(false)]);
    const [score] = await app.dataSource.query<{ pre_score: number }[]>(
      'SELECT pre_score FROM assessments WHERE event_id = $1 AND trainee_id = $2',
      [day.eventId, day.trainees[2]],
    );
    expect(score.pre_score).toBe(35);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('keeps offline marks to their account: another never sees or sends them; sign-out sends or erases', async () => {
    const first = await trainerOf(app, country, day.eventId, 'ky');
    const second = await trainerOf(app, country, day.eventId, 'ky');
    const context = await newPhone('ky');
    const page = await context.newPage();
    const roster = `/trainer/sessions/${day.sessionId}`;
    const row = (n: number) => `[data-trainee-id="${day.trainees[n]}"]`;
    const marksOf = (traineeIds: string[]) =>
      app.dataSource.query<{ status: string }[]>(
        'SELECT status FROM attendance_marks WHERE session_id = $1 AND trainee_id = ANY($2)',
        [day.sessionId, traineeIds],
      );

    // The first trainer marks two trainees while the server cannot be reached.
    await signInWithForm(page, first.email, first.password);
    await page.goto(roster);
    await page.waitForSelector('html[data-offline-ready="true"]', { state: 'attached' });
    await page.route('**/sessions/*/attendance', (route) => route.abort('internetdisconnected'));
    await page.click(`${row(5)} label.choice.absent`);
    await page.click(`${row(6)} label.choice.late`);
    await page.waitForSelector('#sync-status[data-waiting="2"]', { state: 'attached' });
    await page.unroute('**/sessions/*/attendance');

    // Their session ends without a sign-out; the second trainer signs in on the same phone.
    await context.clearCookies();
    await signInWithForm(page, second.email, second.password);
    await page.goto(roster);
    await page.waitForSelector('#sync-status[data-waiting="0"]', { state: 'attached' });
    expect(await page.isChecked(`${row(5)} input[value=absent]`)).toBe(false);
    expect(await page.isChecked(`${row(6)} input[value=late]`)).toBe(false);
    expect(await marksOf([day.trainees[5], day.trainees[6]])).toEqual([]);
    // The first trainer's kept pages went when the second signed in; only the second's are kept now.
    expect(await offlineStore(page)).toEqual({ marks: 2, pages: true });
    await page.click('.menu-toggle');
    await Promise.all([page.waitForURL(/\/sign-in/), page.click('form.sign-out button')]);

    // Back to the first trainer: their marks wait; signing out offers to send them, and sends them.
    await signInWithForm(page, first.email, first.password);
    await page.route('**/sessions/*/attendance', (route) => route.abort('internetdisconnected'));
    await page.goto(roster);
    await page.waitForSelector('#sync-status.failed[data-waiting="2"]');
    await page.click('.menu-toggle');
    await page.click('form.sign-out button');
    await page.waitForSelector('#sign-out-choice:not([hidden])');
    expect(await page.textContent('#sign-out-waiting')).toBe(translate('ky', 'web.sign_out.waiting', { number: 2 }));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'phone-ky-sign-out-choice');
    await page.click('#sign-out-choice [data-send]');
    await page.waitForSelector('#sign-out-choice [data-not-sent]:not([hidden])');
    await page.unroute('**/sessions/*/attendance');
    await Promise.all([page.waitForURL(/\/sign-in/), page.click('#sign-out-choice [data-send]')]);
    expect((await marksOf([day.trainees[5], day.trainees[6]])).map((m) => m.status).sort()).toEqual(['absent', 'late']);
    expect(await offlineStore(page)).toEqual({ marks: 0, pages: false });

    // Discarding: marks made and left waiting are erased at sign-out, never sent.
    await signInWithForm(page, second.email, second.password);
    await page.goto(roster);
    await page.route('**/sessions/*/attendance', (route) => route.abort('internetdisconnected'));
    await page.click(`${row(7)} label.choice.excused`);
    await page.waitForSelector('#sync-status[data-waiting="1"]', { state: 'attached' });
    await page.click('.menu-toggle');
    await page.click('form.sign-out button');
    await Promise.all([page.waitForURL(/\/sign-in/), page.click('#sign-out-choice [data-discard]')]);
    expect(await offlineStore(page)).toEqual({ marks: 0, pages: false });
    expect(await marksOf([day.trainees[7]])).toEqual([]);
    await context.close();
  }, 120_000);
});
