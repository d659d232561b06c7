import { existsSync } from 'node:fs';

import type { INestApplicationContext } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';

import { Role } from '@cascade/auth';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
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
  submitForm,
} from '../support/browser.js';
import { startTestWorker, testConfig } from '../support/test-app.js';

const inCi = !!process.env.CI && process.env.CI !== 'false';
const describeInBrowser = existsSync(CHROMIUM) || inCi ? describe : describe.skip;

/** What each walk expects to read, in its language. */
const WALKS = [
  {
    locale: 'ky',
    completed: 'Окууну аяктады',
    reason: 'сабактардын 40% катышкан, 80% керек',
    revoked: 'Жокко чыгарылган',
    reasonTyped: 'Катышуу барагы жасалма болуп чыкты',
  },
  {
    locale: 'tg',
    completed: 'Хатм кард',
    reason: 'дар 40% машғулиятҳо иштирок кард, 80% лозим аст',
    revoked: 'Бекор карда шуд',
    reasonTyped: 'Варақаи иштирок қалбакӣ баромад',
  },
  {
    locale: 'uk',
    completed: 'Завершено',
    reason: 'відвідано 40% занять, потрібно 80%',
    revoked: 'Відкликано',
    reasonTyped: 'Відомість відвідування виявилася підробленою',
  },
] as const;

/** Wider than the phone: a page that scrolls sideways. */
const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describeInBrowser('certificates in a browser', () => {
  let app: ListeningApp;
  let worker: INestApplicationContext;
  let browser: Browser;

  beforeAll(async () => {
    app = await startListeningApp(testConfig());
    worker = await startTestWorker(testConfig());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
  });

  /** A completed event of five sessions: two trainees passed, one attended two sessions only. */
  async function completedEvent(): Promise<string> {
    const course = await createCourse(app.dataSource, { validityMonths: 36 });
    const eventId = await createEvent(app.dataSource, { courseId: course.id, status: EventStatus.Completed });
    const sessions: string[] = [];
    for (let day = 0; day < 5; day++) {
      sessions.push(await createSession(app.dataSource, eventId, { date: `2025-05-${12 + Math.floor(day / 2)}` }));
    }
    const people = [
      { name: 'Айгүл Осмонова', sex: 'female', attended: 5 },
      { name: 'Фарҳод Қодиров', sex: 'male', attended: 4 },
      { name: 'Оксана Ковальчук', sex: 'female', attended: 2 },
    ];
    for (const person of people) {
      const traineeId = await createTrainee(app.dataSource, { fullName: person.name, sex: person.sex });
      await enroll(app.dataSource, eventId, traineeId);
      for (const [index, sessionId] of sessions.entries()) {
        await app.dataSource.query(
          `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
           VALUES (gen_random_uuid(), $1, $2, $3, gen_random_uuid(), now())`,
          [sessionId, traineeId, index < person.attended ? 'present' : 'absent'],
        );
      }
      await app.dataSource.query(
        'INSERT INTO assessments (event_id, trainee_id, pre_score, post_score) VALUES ($1, $2, 40, 90)',
        [eventId, traineeId],
      );
    }
    return eventId;
  }

  it.each(WALKS)(
    'walks an officer in $locale: complete an event, see the outcomes, download all, revoke one, the check says revoked',
    async (walk) => {
      const eventId = await completedEvent();
      const officer = await createUser(app.dataSource, {
        role: Role.ProgramOfficer,
        countries: ['KG'],
        locale: walk.locale,
      });
      const context = await phoneContext(browser, app, walk.locale);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const check = async (name: string) => {
        expect([name, await seriousViolations(page)]).toEqual([name, []]);
        expect([name, await overflow(page)]).toEqual([name, 0]);
      };

      await signInWithForm(page, officer.email, officer.password);
      await page.goto(`/officer/events/${eventId}`);
      await page.click(`a[href="/officer/events/${eventId}/certificates"]`);
      await page.waitForURL(`**/officer/events/${eventId}/certificates`);
      await check('outcomes before completion');

      await submitForm(page, `form[action$="/certificates/completion"] button`);
      // The worker decides completion: the page shows the certificates once it is done.
      const issued = () => page.locator('a[href^="/officer/certificates/"]').count();
      for (let attempt = 0; attempt < 60 && (await issued()) < 2; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await page.reload();
      }
      expect(await issued()).toBe(2);
      expect(await page.locator('.badge.valid', { hasText: walk.completed }).count()).toBe(2);
      expect(await page.textContent('main')).toContain(walk.reason);
      await check('outcomes');
      await screenshot(page, `certificates-outcomes-${walk.locale}`);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('a[href$="/certificates/all.zip"]'),
      ]);
      const zip = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of zip) chunks.push(chunk as Buffer);
      const archive = Buffer.concat(chunks);
      expect(archive.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      expect(archive.toString('utf8')).toContain('Айгүл Осмонова');

      await page.click('a[href^="/officer/certificates/"]');
      await page.waitForURL('**/officer/certificates/*');
      await check('certificate');
      const code = (await page.textContent('h1'))?.split(' ').pop() as string;
      await page.fill('#revoke-reason', walk.reasonTyped);
      await submitForm(page, 'form[action$="/revoke"] button');
      expect(await page.textContent('.facts')).toContain(walk.revoked);
      await screenshot(page, `certificate-revoked-${walk.locale}`);

      await page.goto('/verify');
      await check('verify form');
      await page.fill('#verify-code', ` ${code.toLowerCase().replace(/-/g, ' ')} `);
      await submitForm(page, 'form[action="/verify"] button');
      expect(page.url()).toContain(`/verify/${code}`);
      expect(await page.textContent('.badge')).toBe(walk.revoked);
      await check('verify');
      await screenshot(page, `verify-revoked-${walk.locale}`);

      if (walk.locale === 'ky') {
        await page.goto('/officer/certificate-register?country=KG');
        await check('register');
        await page.goto('/officer/certificate-issuers/KG');
        await check('issuer');
        await page.goto('/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZ');
        await check('verify not found');
      }
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
