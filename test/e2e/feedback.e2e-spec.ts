import { createHash } from 'node:crypto';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { createTrainer } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { useFeedbackFixture } from '../support/feedback-fixture.js';
import { Visitor } from '../support/web.js';

/** A completed event's feedback: links, the trainee's form, the results and who may read them. */
describe('feedback at the end of an event', () => {
  const suite = useFeedbackFixture();
  const { tokens, signedIn, answer, fullAnswer, answersInDb, printSlips } = suite;
  let { app, country, officer, trainerUser, eventId, sessions, modules, untaught, trainers, trainees } = suite;
  beforeAll(
    () => ({ app, country, officer, trainerUser, eventId, sessions, modules, untaught, trainers, trainees } = suite),
  );

  it('gives officers every enrollee a personal link and QR code; only the hash of the token is stored', async () => {
    const { visitor, page } = await printSlips();
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<svg/g)).toHaveLength(7);
    // Each slip names its trainee beside their own link.
    expect(tokens.size).toBe(7);
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
});
