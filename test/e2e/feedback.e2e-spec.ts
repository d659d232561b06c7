import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { FeedbackResultsService } from '../../src/modules/feedback/index.js';
import { createCountry } from '../factories/countries.js';
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
import { bearer, signIn } from '../support/auth.js';
import { itReadingPdfs, pdfText } from '../support/certificates-fixture.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Visitor } from '../support/web.js';

/** Prints page 1 at 150 dpi, as a phone would see the paper, and reads every QR code on it with zbar. */
function scannedCodes(pdf: Buffer): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'cascade-sheet-'));
  try {
    writeFileSync(join(folder, 'sheet.pdf'), pdf);
    const page = join(folder, 'page');
    const printed = spawnSync('pdftoppm', [
      '-png',
      '-r',
      '150',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      join(folder, 'sheet.pdf'),
      page,
    ]);
    if (printed.status !== 0) throw new Error(`pdftoppm failed: ${String(printed.stderr)}`);
    const scanned = spawnSync('zbarimg', ['--quiet', '--raw', '-Sqrcode.enable', `${page}.png`]);
    if (scanned.error) throw new Error(`zbarimg (zbar-tools) is required: ${scanned.error.message}`);
    return scanned.stdout.toString().trim().split('\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** YYYY-MM-DD `days` from today (UTC). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('feedback at the end of an event', () => {
  let app: TestApp;
  /** A country of this file's own, so the report's figures are this file's answers only. */
  let country: string;
  let officer: TestUser;
  let trainerUser: TestUser;
  let eventId: string;
  let sessions: string[];
  let modules: string[];
  let untaught: string;
  let trainers: string[];
  let trainees: string[];
  /** Each enrollee's token, by trainee id. */
  const tokens = new Map<string, string>();

  const signedIn = async (user: TestUser, language = 'en') => {
    const visitor = new Visitor(app, language);
    await visitor.signIn(user.email, user.password);
    await visitor.post('/language', { locale: language, returnTo: '/' });
    return visitor;
  };

  /** A trainee's phone: opens their link (which gives the form's CSRF cookie), then sends the form. */
  const answer = async (traineeId: string, fields: Record<string, string>, language = 'en') => {
    const phone = new Visitor(app, language);
    await phone.get(`/feedback/${tokens.get(traineeId)}`);
    return phone.post(`/feedback/${tokens.get(traineeId)}`, fields);
  };

  const fullAnswer = (overall: number, extra: Record<string, string> = {}) => ({
    overall: String(overall),
    [`module.${modules[0]}`]: '5',
    [`module.${modules[1]}`]: '3',
    [`trainer.${trainers[0]}`]: '4',
    [`trainer.${trainers[1]}`]: '5',
    mostUseful: 'Разбор заключений по структуре Протокола',
    missing: 'Больше практики с фотографиями травм',
    ...extra,
  });

  const answersInDb = () =>
    app.dataSource.query<{ overall: number; enrollment_id: string | null; most_useful: string | null }[]>(
      'SELECT overall, enrollment_id, most_useful FROM feedback_answers WHERE event_id = $1 ORDER BY created_at',
      [eventId],
    );

  beforeAll(async () => {
    app = await startTestApp();
    country = await createCountry(app.dataSource, 'F', {
      en: 'Feedbackland',
      ru: 'Отзывия',
      ky: 'Пикир өлкөсү',
      tg: 'Фикристон',
      uk: 'Відгукія',
    });
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country] });
    trainerUser = await createUser(app.dataSource, { role: Role.Trainer, countries: [country] });
    const course = await createCourse(app.dataSource, { modules: 3 });
    modules = course.moduleIds.slice(0, 2);
    untaught = course.moduleIds[2];
    // Ended yesterday and completed: its feedback is open for 14 days.
    eventId = await createEvent(app.dataSource, {
      courseId: course.id,
      countryCode: country,
      startDate: day(-2),
      endDate: day(-1),
      status: 'completed' as never,
    });
    trainers = [
      await createTrainer(app.dataSource, {
        countryCode: country,
        userId: trainerUser.id,
        fullName: `Асель ${uniqueSurname()}`,
      }),
      await createTrainer(app.dataSource, { countryCode: country, fullName: `Бакыт ${uniqueSurname()}` }),
    ];
    await assignTrainer(app.dataSource, eventId, trainers[0], 'lead');
    await assignTrainer(app.dataSource, eventId, trainers[1], 'co_trainer');
    // Two sessions teaching two of the course's three modules: the third is not rated.
    sessions = [
      await createSession(app.dataSource, eventId, { date: day(-2), moduleId: modules[0] }),
      await createSession(app.dataSource, eventId, { date: day(-1), moduleId: modules[1] }),
    ];
    trainees = [];
    for (let i = 0; i < 7; i++) {
      const id = await createTrainee(app.dataSource, { countryCode: country, fullName: `Гүлнара ${uniqueSurname()}` });
      await enroll(app.dataSource, eventId, id);
      trainees.push(id);
    }
    await app.dataSource.query(`UPDATE trainees SET preferred_language = 'tg' WHERE id = $1`, [trainees[0]]);
  });
  afterAll(() => app.close());

  it('gives officers every enrollee a personal link and QR code; only the hash of the token is stored', async () => {
    const visitor = await signedIn(officer);
    const page = await visitor.get(`/officer/events/${eventId}/feedback/slips`);
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<svg/g)).toHaveLength(7);
    const names = await app.dataSource.query<{ id: string; full_name: string }[]>(
      'SELECT id, full_name FROM trainees WHERE id = ANY($1)',
      [trainees],
    );
    // Each slip names its trainee beside their link.
    for (const { id, full_name } of names) {
      const slip = new RegExp(`${full_name}</strong>[\\s\\S]*?/feedback/([A-Za-z0-9_-]{43})"`).exec(page.body);
      expect(slip).not.toBeNull();
      tokens.set(id, slip![1]);
    }
    expect(new Set(tokens.values()).size).toBe(7);
    const stored = await app.dataSource.query<{ token_hash: string; nonce: Buffer }[]>(
      `SELECT l.token_hash, l.nonce FROM feedback_links l JOIN enrollments en ON en.id = l.enrollment_id WHERE en.event_id = $1`,
      [eventId],
    );
    const hashes = new Set(stored.map((row) => row.token_hash));
    for (const token of tokens.values()) {
      expect(hashes).toContain(createHash('sha256').update(token).digest('hex'));
      expect(stored.some((row) => row.token_hash.includes(token) || row.nonce.toString('base64url') === token)).toBe(
        false,
      );
    }
    // Printed again, the same links: a slip handed out keeps working.
    const again = await visitor.get(`/officer/events/${eventId}/feedback/slips`);
    for (const token of tokens.values()) expect(again.body).toContain(`/feedback/${token}`);
  });

  it("shows the trainee's form in their language, rating the modules taught and the event's trainers", async () => {
    const page = await new Visitor(app, 'en').get(`/feedback/${tokens.get(trainees[0])}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="tg">');
    expect(page.body).toContain('Фикри шумо дар бораи омӯзиш');
    expect(page.body).toContain(`name="module.${modules[0]}"`);
    expect(page.body).toContain(`name="module.${modules[1]}"`);
    expect(page.body).not.toContain(`name="module.${untaught}"`);
    expect(page.body).toContain(`name="trainer.${trainers[1]}"`);
    const [{ full_name: coTrainer }] = await app.dataSource.query<{ full_name: string }[]>(
      'SELECT full_name FROM trainers WHERE id = $1',
      [trainers[1]],
    );
    expect(page.body).toContain(`<legend>${coTrainer}</legend>`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // Others get the event's language (Russian).
    const other = await new Visitor(app, 'en').get(`/feedback/${tokens.get(trainees[1])}`);
    expect(other.body).toContain('<html lang="ru">');
  });

  it('keeps averages from trainers under five answers; officers see the response rate and what was written', async () => {
    for (const [i, overall] of [5, 4, 4, 3].entries()) {
      const sent = await answer(trainees[i], fullAnswer(overall));
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe(`/feedback/${tokens.get(trainees[i])}?saved=1`);
    }
    const trainer = await signedIn(trainerUser);
    const few = await trainer.get(`/trainer/events/${eventId}/feedback`);
    expect(few.statusCode).toBe(200);
    expect(few.body).toContain('data-withheld="true"');
    expect(few.body).toContain('Too few answers to show (fewer than 5).');
    expect(few.body).not.toContain('4 of 5');
    expect(few.body).not.toContain('Разбор заключений');
    expect(few.body).not.toContain('response-rate');

    const office = await signedIn(officer);
    const results = await office.get(`/officer/events/${eventId}/feedback`);
    expect(results.body).toContain('Answers: 4 of 7 enrolled (response rate 57 %).');
    expect(results.body).toContain('4 of 5 · answers: 4');
    expect(results.body).toContain('Разбор заключений по структуре Протокола');
    expect(results.body).toContain('Больше практики с фотографиями травм');

    expect((await answer(trainees[4], fullAnswer(4))).statusCode).toBe(303);
    const enough = await trainer.get(`/trainer/events/${eventId}/feedback`);
    expect(enough.body).toContain('data-withheld="false"');
    expect(enough.body).toContain('4 of 5 · answers: 5');
    // Module 1 was rated 5 by all, module 2 rated 3; the co-trainer 5.
    expect(enough.body).toContain('5 of 5 · answers: 5');
    expect(enough.body).toContain('3 of 5 · answers: 5');
    expect(enough.body).not.toContain('Разбор заключений');
  });

  it('lets a trainee change their answer while open: still one answer each', async () => {
    const phone = new Visitor(app, 'en');
    const url = `/feedback/${tokens.get(trainees[1])}`;
    await phone.get(url);
    expect((await phone.post(url, fullAnswer(1, { missing: '' }))).statusCode).toBe(303);
    const saved = await phone.get(`${url}?saved=1`);
    expect(saved.body).toContain('data-form-saved');
    expect(saved.body).toMatch(/name="overall" value="1" checked/);
    const rows = await answersInDb();
    expect(rows).toHaveLength(5);
    expect(rows.filter((row) => row.overall === 1)).toHaveLength(1);
  });

  it('refuses bad answers field by field, in the form, writing nothing', async () => {
    const before = await answersInDb();
    // The trainee's language is the event's, Russian.
    const ru = (key: string, params?: Record<string, number>) => translate('ru', key, params);
    const cases: [Record<string, string>, string][] = [
      [fullAnswer(7), ru('validation.feedback_rating_invalid')],
      [{ ...fullAnswer(4), overall: '' }, ru('validation.feedback_rating_required')],
      [fullAnswer(4, { [`module.${modules[0]}`]: 'x' }), ru('validation.feedback_rating_invalid')],
      [
        fullAnswer(4, { mostUseful: 'a'.repeat(1001) }),
        ru('validation.feedback_text_too_long', { max: 1000, length: 1001 }),
      ],
      [fullAnswer(4, { [`trainer.${trainees[0]}`]: '3' }), ru('validation.unknown_field')],
    ];
    for (const [fields, message] of cases) {
      const refused = await answer(trainees[5], fields);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(message);
      expect(refused.body).toContain('data-error-summary');
    }
    const controls = await answer(trainees[5], fullAnswer(4, { missing: 'bell\u0007' }));
    expect(controls.statusCode).toBe(400);
    expect(await answersInDb()).toEqual(before);
  });

  it('answers an unknown token with a page in the visitor language, writing nothing', async () => {
    const before = await answersInDb();
    const phone = new Visitor(app, 'ky');
    const unknown = `/feedback/${'A'.repeat(43)}`;
    const page = await phone.get(unknown);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Бул пикир шилтемеси иштебейт');
    await phone.get(`/feedback/${tokens.get(trainees[6])}`);
    const sent = await phone.post(unknown, fullAnswer(5));
    expect(sent.statusCode).toBe(404);
    expect(sent.body).toContain('Бул пикир шилтемеси иштебейт');
    expect((await phone.get('/feedback/short')).statusCode).toBe(404);
    expect(await answersInDb()).toEqual(before);
  });

  it('keeps other countries, other trainers and donors out', async () => {
    const tjOfficer = await signedIn(
      await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'] }),
    );
    expect((await tjOfficer.get(`/officer/events/${eventId}/feedback`)).statusCode).toBe(404);
    expect((await tjOfficer.get(`/officer/events/${eventId}/feedback/slips`)).statusCode).toBe(404);
    const otherUser = await createUser(app.dataSource, { role: Role.Trainer, countries: [country] });
    await createTrainer(app.dataSource, { countryCode: country, userId: otherUser.id });
    const otherTrainer = await signedIn(otherUser);
    expect((await otherTrainer.get(`/trainer/events/${eventId}/feedback`)).statusCode).toBe(404);
    expect((await otherTrainer.get(`/trainer/events/${eventId}/feedback/slips`)).statusCode).toBe(404);
    // A trainer reaches neither the officer's page (free text) nor its closing form.
    const trainer = await signedIn(trainerUser);
    expect((await trainer.get(`/officer/events/${eventId}/feedback`)).statusCode).toBe(403);
    const donor = await signedIn(await createUser(app.dataSource, { role: Role.Donor, countries: [country] }));
    for (const url of [
      `/officer/events/${eventId}/feedback`,
      `/trainer/events/${eventId}/feedback`,
      `/officer/events/${eventId}/feedback/slips`,
    ]) {
      const page = await donor.get(url);
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain('Разбор заключений');
    }
  });

  it("shows the trainer the links on the event's last session page only", async () => {
    const trainer = await signedIn(trainerUser);
    const last = await trainer.get(`/trainer/sessions/${sessions[1]}`);
    expect(last.body).toContain('id="feedback-panel"');
    expect(last.body).toContain(`/trainer/events/${eventId}/feedback/slips`);
    expect((await trainer.get(`/trainer/sessions/${sessions[0]}`)).body).not.toContain('id="feedback-panel"');
    const slips = await trainer.get(`/trainer/events/${eventId}/feedback/slips`);
    expect(slips.statusCode).toBe(200);
    expect(slips.body).toContain(`/feedback/${tokens.get(trainees[2])}`);
  });

  itReadingPdfs(
    "prints each trainee's feedback code on the last session's sign-in sheet, readable from the page",
    async () => {
      const trainer = await signedIn(trainerUser);
      const last = await trainer.get(`/attendance-sheets/${eventId}?session=${sessions[1]}`);
      expect(last.statusCode).toBe(200);
      expect(pdfText(last.rawPayload)).toContain(translate('ru', 'web.sheet.feedback_hint'));
      // Seven codes, each an image and its alpha mask.
      expect(last.rawPayload.toString('latin1').match(/\/Subtype \/Image/g)).toHaveLength(14);
      const scanned = scannedCodes(last.rawPayload).map((url) => new URL(url).pathname);
      expect(scanned.sort()).toEqual([...tokens.values()].map((token) => `/feedback/${token}`).sort());
      const first = await trainer.get(`/attendance-sheets/${eventId}?session=${sessions[0]}`);
      expect(pdfText(first.rawPayload)).not.toContain(translate('ru', 'web.sheet.feedback_hint'));
      expect(first.rawPayload.toString('latin1')).not.toContain('/Subtype /Image');
    },
  );

  it("anonymises a trainee's answer when consent is withdrawn: it counts, points to nobody, and the link is gone", async () => {
    const asOfficer = bearer((await signIn(app, officer)).accessToken);
    const withdrawn = await app.request({
      method: 'POST',
      url: `/trainees/${trainees[2]}/withdraw-consent`,
      headers: asOfficer,
    });
    expect(withdrawn.statusCode).toBe(200);
    const rows = await answersInDb();
    expect(rows).toHaveLength(5);
    expect(rows.filter((row) => row.enrollment_id === null)).toHaveLength(1);
    expect((await new Visitor(app, 'en').get(`/feedback/${tokens.get(trainees[2])}`)).statusCode).toBe(404);
    const slips = await (await signedIn(officer)).get(`/officer/events/${eventId}/feedback/slips`);
    expect(slips.body.match(/<svg/g)).toHaveLength(6);
  });

  it('gives a country its feedback figures over a period, for the progress report', async () => {
    const service = app.api.get(FeedbackResultsService);
    const user = { id: officer.id, role: Role.ProgramOfficer, countries: [country] } as never;
    const figures = await service.countryFigures(user, country, day(-1), day(-1));
    expect(figures).toEqual({ events: 1, answers: 5, enrolled: 7, responseRate: 0.71, meanOverall: 3.4 });
    const tj = { id: officer.id, role: Role.ProgramOfficer, countries: ['TJ'] } as never;
    await expect(service.countryFigures(tj, country, day(-1), day(-1))).rejects.toMatchObject({ status: 404 });
  });

  it('puts the feedback figures in the progress report: exact for officers, suppressed for donors, never a text', async () => {
    const year = day(-1).slice(0, 4);
    const asOfficer = bearer((await signIn(app, officer)).accessToken);
    const report = await app.request({
      method: 'GET',
      url: `/reports/progress?country=${country}&from=${year}-01-01&to=${year}-12-31&breakdown=quarter`,
      headers: asOfficer,
    });
    expect(report.statusCode).toBe(200);
    type Row = {
      indicator: string;
      total: boolean;
      actual: number | string | null;
      n: number | string | null;
      suppressed?: boolean;
    };
    const totals = (rows: Row[]) =>
      Object.fromEntries(rows.filter((r) => r.total).map((r) => [r.indicator, [r.actual, r.n]]));
    const exact = totals(report.json<{ rows: Row[] }>().rows);
    expect(exact.mean_feedback_rating).toEqual([3.4, 5]);
    expect(exact.feedback_response_rate).toEqual([71.4, 7]);
    const donor = await createUser(app.dataSource, { role: Role.Donor, countries: [country] });
    const donorReport = await app.request({
      method: 'GET',
      url: `/reports/progress?country=${country}&from=${year}-01-01&to=${year}-12-31`,
      headers: bearer((await signIn(app, donor)).accessToken),
    });
    expect(donorReport.statusCode).toBe(200);
    const shown = totals(donorReport.json<{ rows: Row[] }>().rows);
    // Five answers: the mean is withheld; the rate over seven enrolled is shown, its n rounded to 10.
    expect(shown.mean_feedback_rating).toEqual([null, '≤5']);
    expect(shown.feedback_response_rate).toEqual([71.4, 10]);
    expect(donorReport.body).not.toContain('Разбор заключений');
  });

  it('closes when the officer says, then refuses answers with a page in the trainee language, writing nothing', async () => {
    const office = await signedIn(officer);
    const early = await office.post(`/officer/events/${eventId}/feedback/closing`, { closesOn: day(-2) });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain(`must not be before the event&#39;s last day, ${day(-1)}.`);
    const set = await office.post(`/officer/events/${eventId}/feedback/closing`, { closesOn: day(-1) });
    expect(set.statusCode).toBe(303);
    const before = await answersInDb();
    const refused = await answer(trainees[0], fullAnswer(1));
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('<html lang="tg">');
    expect(refused.body).toContain('Қабули фикрҳо баста шуд');
    expect(refused.body).toContain('Ҷавоби фиристодашуда нигоҳ дошта нашуд.');
    expect(await answersInDb()).toEqual(before);
    const page = await new Visitor(app, 'en').get(`/feedback/${tokens.get(trainees[0])}`);
    expect(page.body).not.toContain('<form method="post" action="/feedback/');
  });
});
