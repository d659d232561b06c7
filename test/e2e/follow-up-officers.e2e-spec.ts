import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { createCompletedEvent, createCompleter } from '../factories/follow-up.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { useFollowUpFixture } from '../support/follow-up-fixture.js';
import { Visitor } from '../support/web.js';

/** The officer's side of the practice follow-up: answers by phone or on paper, access, the report's figures. */
describe('practice follow-up for officers and in reports', () => {
  const suite = useFollowUpFixture();
  const { runAt, mailsTo, tokenIn, answersOf, medicalAnswer, questionText, escaped } = suite;
  let app = suite.app;
  beforeAll(() => {
    ({ app } = suite);
  });

  it('lets an officer of the event’s country enter an answer collected by phone; nobody else sees or enters it', async () => {
    const eventId = await createCompletedEvent(app.dataSource, { endDate: '2038-04-05' });
    const trainee = await createCompleter(app.dataSource, eventId, { email: null, profession: 'prosecutor' });
    await runAt(new Date('2038-07-05T07:00:00Z'));
    const [{ id: linkId }] = await app.dataSource.query<{ id: string }[]>(
      'SELECT id FROM follow_up_links WHERE enrollment_id = $1',
      [trainee.enrollmentId],
    );
    const answer = { channel: 'phone', evidence_cases: '2', further_training: 'no', comment: 'Попросил перезвонить' };

    // Another country's officer and a trainer: neither the tracking nor the entry.
    const stranger = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'] });
    const trainer = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'] });
    for (const user of [stranger, trainer]) {
      const visitor = new Visitor(app, 'en');
      await visitor.signIn(user.email, user.password);
      expect([403, 404]).toContain((await visitor.get(`/officer/events/${eventId}/follow-up`)).statusCode);
      expect([403, 404]).toContain((await visitor.get(`/officer/follow-up/links/${linkId}`)).statusCode);
      await visitor.get('/');
      expect([403, 404]).toContain((await visitor.post(`/officer/follow-up/links/${linkId}`, answer)).statusCode);
    }
    expect(await answersOf(eventId)).toEqual([]);

    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    const desk = new Visitor(app, 'en');
    await desk.signIn(officer.email, officer.password);
    const entry = await desk.get(`/officer/follow-up/links/${linkId}`);
    expect(entry.statusCode).toBe(200);
    expect(entry.body).toContain(escaped(await questionText('evidence_cases', 'en')));
    const bad = await desk.post(`/officer/follow-up/links/${linkId}`, { ...answer, channel: 'pigeon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(translate('en', 'validation.follow_up_channel_invalid'));
    const saved = await desk.post(`/officer/follow-up/links/${linkId}`, answer);
    expect(saved.statusCode).toBe(303);
    expect(await answersOf(eventId)).toEqual([
      expect.objectContaining({
        channel: 'phone',
        collected_by: officer.id,
        answers: { evidence_cases: 2, further_training: false, obstacles: [] },
      }),
    ]);
    const twice = await desk.post(`/officer/follow-up/links/${linkId}`, answer);
    expect(twice.statusCode).toBe(409);
    expect(await answersOf(eventId)).toHaveLength(1);
    const schedule = await desk.get(
      `/officer/courses/${(await app.dataSource.query<{ course_id: string }[]>('SELECT course_id FROM training_events WHERE id = $1', [eventId]))[0].course_id}/follow-up`,
    );
    expect(schedule.statusCode).toBe(200);
    expect(schedule.body).toContain(translate('en', 'follow_up.schedule.wave', { months: 6 }));
  });

  it('puts the practice figures in the progress report: exact for officers, suppressed for donors, never a comment', async () => {
    const eventId = await createCompletedEvent(app.dataSource, { endDate: '2039-02-10', countryCode: 'UA' });
    const completers = [];
    for (let i = 0; i < 7; i++) {
      completers.push(await createCompleter(app.dataSource, eventId, { preferredLanguage: 'uk', countryCode: 'UA' }));
    }
    await runAt(new Date('2039-05-10T07:00:00Z'));
    const phone = new Visitor(app, 'en');
    for (const [i, evaluations] of [2, 1, 3, 0, 5].entries()) {
      const token = tokenIn((await mailsTo(completers[i].email!, completers[i].traineeId))[0].text);
      await phone.get(`/follow-up/${token}`);
      const sent = await phone.post(`/follow-up/${token}`, {
        ...medicalAnswer,
        protocol_evaluations: String(evaluations),
        comment: 'Справа Коваленка',
      });
      expect(sent.statusCode).toBe(303);
    }
    type Row = { indicator: string; total: boolean; actual: number | string | null; n: number | string | null };
    const totals = async (user: { email: string; password: string }) => {
      const { accessToken } = await signIn(app, user);
      const report = await app.request({
        method: 'GET',
        url: '/reports/progress?country=UA&from=2039-01-01&to=2039-12-31',
        headers: bearer(accessToken),
      });
      expect(report.statusCode).toBe(200);
      expect(report.body).not.toContain('Коваленка');
      const rows = report.json<{ rows: Row[] }>().rows.filter((r) => r.total && r.indicator.startsWith('practice_'));
      return Object.fromEntries(rows.map((r) => [r.indicator, [r.actual, r.n]]));
    };
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['UA'] });
    // Five answers of seven asked; four report at least one case, eleven cases in all.
    expect(await totals(officer)).toEqual({
      practice_share: [80, 5],
      practice_cases: [11, null],
      practice_response_rate: [71.4, 7],
    });
    const donor = await createUser(app.dataSource, { role: Role.Donor, countries: ['UA'] });
    // Five answers: the share is withheld; the rate over seven asked is shown, its n rounded to 10.
    expect(await totals(donor)).toEqual({
      practice_share: [null, '≤5'],
      practice_cases: [10, null],
      practice_response_rate: [71.4, 10],
    });
  });
});
