import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';
import { JobName } from '@cascade/queue';

import { FollowUpWavesService } from '../../src/modules/follow-up/index.js';
import { createCompletedEvent, createCompleter } from '../factories/follow-up.js';
import { createUser } from '../factories/users.js';
import { PUBLIC_BASE_URL, useFollowUpFixture } from '../support/follow-up-fixture.js';
import { Visitor } from '../support/web.js';

const DAY = 86_400_000;

/** The practice follow-up: waves and reminders through a real SMTP server, with the clock moved. */
describe('practice follow-up after a training', () => {
  const suite = useFollowUpFixture();
  const { runAt, mailsTo, tokenIn, answersOf, medicalAnswer, questionText, escaped } = suite;
  let app = suite.app;
  let mail = suite.mail;
  beforeAll(() => {
    ({ app, mail } = suite);
  });

  it('keeps a daily schedule for the waves, one however many workers start', async () => {
    const schedulers = await suite.queue.getJobSchedulers();
    expect(schedulers.filter((s) => s.name === String(JobName.SendFollowUpWaves))).toEqual([
      expect.objectContaining({ pattern: '0 7 * * *' }),
    ]);
  });

  it('writes the 3- and 6-month waves in the trainee’s language, with reminders at 7 and 14 days that stop after an answer', async () => {
    const eventId = await createCompletedEvent(app.dataSource, { endDate: '2033-01-20' });
    const doctor = await createCompleter(app.dataSource, eventId, { preferredLanguage: 'tg' });
    const judge = await createCompleter(app.dataSource, eventId, { preferredLanguage: 'ky', profession: 'judge' });
    const unreachable = await createCompleter(app.dataSource, eventId, { email: null });
    const threeMonths = new Date('2033-04-20T07:00:00Z');

    // A day early: nothing.
    await runAt(new Date(threeMonths.getTime() - DAY));
    expect(await mailsTo(doctor.email!, doctor.traineeId)).toEqual([]);

    await runAt(threeMonths);
    await runAt(threeMonths); // a second run the same day writes nothing more
    const [wave] = await mailsTo(doctor.email!, doctor.traineeId);
    expect(await mailsTo(doctor.email!, doctor.traineeId)).toHaveLength(1);
    const course = 'Протоколи Истанбул барои коршиносони тиббӣ-судӣ';
    expect(wave.subject).toBe(translate('tg', 'mail.follow_up.subject', { months: 3, course }));
    expect(wave.text).toContain('Салом!');
    expect(wave.text).toContain(`${PUBLIC_BASE_URL}/follow-up/`);
    const doctorToken = tokenIn(wave.text);
    expect(wave.text).toContain(`${PUBLIC_BASE_URL}/follow-up/${doctorToken}/opt-out`);
    const [judgeWave] = await mailsTo(judge.email!, judge.traineeId);
    expect(judgeWave.subject).toMatch(/ай өткөндөн кийин/);
    const judgeToken = tokenIn(judgeWave.text);
    const [{ count }] = await app.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM follow_up_links l JOIN enrollments en ON en.id = l.enrollment_id WHERE en.event_id = $1`,
      [eventId],
    );
    expect(count).toBe(3); // the trainee without an address has a link for an answer by phone, and no message

    // The link opens the doctor's form in Tajik, with the questions of their profession only.
    const phone = new Visitor(app, 'en');
    const form = await phone.get(`/follow-up/${doctorToken}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<html lang="tg"');
    expect(form.body).toContain(escaped(await questionText('protocol_evaluations', 'tg')));
    expect(form.body).not.toContain(escaped(await questionText('evidence_cases', 'tg')));
    const judgeForm = await new Visitor(app, 'en').get(`/follow-up/${judgeToken}`);
    expect(judgeForm.body).toContain('<html lang="ky"');
    expect(judgeForm.body).toContain(escaped(await questionText('evidence_cases', 'ky')));
    expect(judgeForm.body).not.toContain(escaped(await questionText('protocol_evaluations', 'ky')));

    // Seven days on, both are reminded; the doctor answers; at fourteen days only the judge is.
    await runAt(new Date(threeMonths.getTime() + 7 * DAY));
    const reminded = await mailsTo(doctor.email!, doctor.traineeId);
    expect(reminded).toHaveLength(2);
    expect(reminded[1].subject).toBe(translate('tg', 'mail.follow_up.reminder_subject', { course }));
    expect(tokenIn(reminded[1].text)).toBe(doctorToken);
    const sent = await phone.post(`/follow-up/${doctorToken}`, medicalAnswer);
    expect(sent.statusCode).toBe(303);
    expect((await phone.get(sent.headers.location as string)).body).toContain(
      translate('tg', 'follow_up.answered.saved'),
    );
    await runAt(new Date(threeMonths.getTime() + 14 * DAY));
    await runAt(new Date(threeMonths.getTime() + 15 * DAY));
    expect(await mailsTo(doctor.email!, doctor.traineeId)).toHaveLength(2);
    expect(await mailsTo(judge.email!, judge.traineeId)).toHaveLength(3);
    expect(await answersOf(eventId)).toEqual([
      expect.objectContaining({
        months_after: 3,
        channel: 'link',
        answers: {
          protocol_evaluations: 4,
          protocol_structure_used: true,
          obstacles: ['no_time'],
          further_training: true,
        },
        comment: 'Нужны бланки на таджикском языке',
      }),
    ]);

    // Six months after: the second wave, a new link.
    await runAt(new Date('2033-07-20T07:00:00Z'));
    const all = await mailsTo(doctor.email!, doctor.traineeId);
    expect(all).toHaveLength(3);
    expect(all[2].subject).toBe(translate('tg', 'mail.follow_up.subject', { months: 6, course }));
    expect(tokenIn(all[2].text)).not.toBe(doctorToken);
    expect(mail.received.some((m) => m.to.includes(String(unreachable.email)))).toBe(false);

    // The officer follows it: per wave, who was written to, reminded, answered, and who has no address.
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    const desk = new Visitor(app, 'en');
    await desk.signIn(officer.email, officer.password);
    const tracking = await desk.get(`/officer/events/${eventId}/follow-up`);
    expect(tracking.statusCode).toBe(200);
    const three = /<tr data-wave="3">([\s\S]*?)<\/tr>/.exec(tracking.body)![1];
    const cell = (name: string) => new RegExp(`data-count="${name}">(\\d+)<`).exec(three)![1];
    expect([cell('completers'), cell('sent'), cell('reminded'), cell('answered'), cell('no_email')]).toEqual([
      '3',
      '2',
      '2',
      '1',
      '1',
    ]);
    expect(tracking.body).toContain('Нужны бланки на таджикском языке');
  });

  it('writes one message per person and wave when two runs race, and shows a refused address as bounced', async () => {
    const eventId = await createCompletedEvent(app.dataSource, { endDate: '2040-06-14' });
    const trainees = [
      await createCompleter(app.dataSource, eventId, { preferredLanguage: 'ky' }),
      await createCompleter(app.dataSource, eventId, { email: `refused-${eventId.slice(0, 8)}@example.org` }),
    ];
    const waves = suite.worker.get(FollowUpWavesService, { strict: false });
    const due = new Date('2040-09-14T07:00:00Z');
    await Promise.all([waves.run(due), waves.run(due), runAt(due)]);
    const [{ links }] = await app.dataSource.query<{ links: number }[]>(
      `SELECT count(*)::int AS links FROM follow_up_links l JOIN enrollments en ON en.id = l.enrollment_id WHERE en.event_id = $1`,
      [eventId],
    );
    expect(links).toBe(2);
    expect(await mailsTo(trainees[0].email!, trainees[0].traineeId)).toHaveLength(1);
    await mailsTo(trainees[1].email!, trainees[1].traineeId);
    const [{ status }] = await app.dataSource.query<{ status: string }[]>(
      'SELECT status FROM outbox_messages WHERE trainee_id = $1',
      [trainees[1].traineeId],
    );
    expect(status).toBe('failed');
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    const desk = new Visitor(app, 'en');
    await desk.signIn(officer.email, officer.password);
    const tracking = await desk.get(`/officer/events/${eventId}/follow-up`);
    const three = /<tr data-wave="3">([\s\S]*?)<\/tr>/.exec(tracking.body)![1];
    expect(/data-count="bounced">(\d+)</.exec(three)![1]).toBe('1');
    expect(/data-count="sent">(\d+)</.exec(three)![1]).toBe('1');
  });

  it('writes nothing through a used or an expired link, and says so in the trainee’s language', async () => {
    const eventId = await createCompletedEvent(app.dataSource, { endDate: '2025-01-10' });
    const trainee = await createCompleter(app.dataSource, eventId, { preferredLanguage: 'tg' });
    await runAt(new Date('2025-04-10T07:00:00Z')); // its link expired in May 2025, before today
    const token = tokenIn((await mailsTo(trainee.email!, trainee.traineeId))[0].text);
    const phone = new Visitor(app, 'en');
    const page = await phone.get(`/follow-up/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain(translate('tg', 'follow_up.expired.title'));
    const late = await phone.post(`/follow-up/${token}`, medicalAnswer);
    expect(late.statusCode).toBe(410);
    expect(await answersOf(eventId)).toEqual([]);

    // Used: a second answer through the doctor's link of an open wave is refused.
    const openEvent = await createCompletedEvent(app.dataSource, { endDate: '2035-03-02' });
    const doctor = await createCompleter(app.dataSource, openEvent, { preferredLanguage: 'tg' });
    await runAt(new Date('2035-06-02T07:00:00Z'));
    const open = tokenIn((await mailsTo(doctor.email!, doctor.traineeId))[0].text);
    expect((await phone.post(`/follow-up/${open}`, medicalAnswer)).statusCode).toBe(303);
    const again = await phone.post(`/follow-up/${open}`, { ...medicalAnswer, protocol_evaluations: '9' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(translate('tg', 'follow_up.answered.reused'));
    expect((await answersOf(openEvent)).map((a) => a.answers.protocol_evaluations)).toEqual([4]);

    // Unknown, and a refused answer: a clear page, nothing written.
    const unknown = await phone.get(`/follow-up/${'A'.repeat(43)}`);
    expect(unknown.statusCode).toBe(404);
    const other = await createCompleter(app.dataSource, openEvent, { preferredLanguage: 'tg' });
    await runAt(new Date('2035-06-03T07:00:00Z'));
    const otherToken = tokenIn((await mailsTo(other.email!, other.traineeId))[0].text);
    const refused = await phone.post(`/follow-up/${otherToken}`, {
      ...medicalAnswer,
      protocol_evaluations: 'много',
      comment: 'x'.repeat(501),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(translate('tg', 'validation.follow_up_count_invalid', { max: 1000 }));
    expect(await answersOf(openEvent)).toHaveLength(1);
  });

  it('stops every message after an opt-out', async () => {
    const eventId = await createCompletedEvent(app.dataSource, { endDate: '2034-02-03' });
    const trainee = await createCompleter(app.dataSource, eventId, { preferredLanguage: 'uk' });
    const due = new Date('2034-05-03T07:00:00Z');
    await runAt(due);
    const token = tokenIn((await mailsTo(trainee.email!, trainee.traineeId))[0].text);
    const phone = new Visitor(app, 'en');
    const ask = await phone.get(`/follow-up/${token}/opt-out`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain(translate('uk', 'follow_up.opt_out.confirm'));
    const done = await phone.post(`/follow-up/${token}/opt-out`, {});
    expect(done.body).toContain(translate('uk', 'follow_up.opt_out.done'));
    await runAt(new Date(due.getTime() + 7 * DAY));
    await runAt(new Date(due.getTime() + 14 * DAY));
    await runAt(new Date('2034-08-03T07:00:00Z'));
    expect(await mailsTo(trainee.email!, trainee.traineeId)).toHaveLength(1);
    const links = await app.dataSource.query(`SELECT months_after FROM follow_up_links WHERE enrollment_id = $1`, [
      trainee.enrollmentId,
    ]);
    expect(links).toEqual([{ months_after: 3 }]);
  });

  it('writes nothing more to a trainee who withdrew consent, and keeps their answers without them', async () => {
    const eventId = await createCompletedEvent(app.dataSource, { endDate: '2036-09-12' });
    const trainee = await createCompleter(app.dataSource, eventId, { preferredLanguage: 'ru' });
    const due = new Date('2036-12-12T07:00:00Z');
    await runAt(due);
    const token = tokenIn((await mailsTo(trainee.email!, trainee.traineeId))[0].text);
    const phone = new Visitor(app, 'en');
    await phone.get(`/follow-up/${token}`);
    expect((await phone.post(`/follow-up/${token}`, medicalAnswer)).statusCode).toBe(303);
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    const desk = new Visitor(app, 'en');
    await desk.signIn(officer.email, officer.password);
    await desk.get(`/officer/trainees/${trainee.traineeId}/withdraw-consent`);
    const withdrawn = await desk.post(`/officer/trainees/${trainee.traineeId}/withdraw-consent`, {});
    expect(withdrawn.statusCode).toBe(303);
    await runAt(new Date('2037-03-12T07:00:00Z'));
    await runAt(new Date('2037-03-19T07:00:00Z'));
    expect(mail.received.filter((m) => m.to.includes(trainee.email!))).toHaveLength(1);
    expect(await answersOf(eventId)).toEqual([
      expect.objectContaining({
        link_id: null,
        comment: null,
        answers: expect.objectContaining({ protocol_evaluations: 4 }),
      }),
    ]);
    expect((await phone.get(`/follow-up/${token}`)).statusCode).toBe(404);
  });
});
