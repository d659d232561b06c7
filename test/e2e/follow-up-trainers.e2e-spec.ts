import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { createCompletedEvent, createCompleter } from '../factories/follow-up.js';
import { assignTrainer, createTrainer } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { useFollowUpFixture } from '../support/follow-up-fixture.js';
import { Visitor } from '../support/web.js';

/** A trainer enters the follow-up answers their completers gave them by phone or on paper. */
describe('practice follow-up entered by the event’s trainers', () => {
  const suite = useFollowUpFixture();
  const { runAt, answersOf } = suite;
  let app = suite.app;
  beforeAll(() => {
    ({ app } = suite);
  });

  /** A trainer's account teaching the event. */
  const teacherOf = async (eventId: string) => {
    const user = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'] });
    await assignTrainer(app.dataSource, eventId, await createTrainer(app.dataSource, { userId: user.id }));
    return user;
  };

  it('lets a trainer of the event see who answered and enter a phone answer; other trainers and donors get nothing', async () => {
    const eventId = await createCompletedEvent(app.dataSource, { endDate: '2040-03-01' });
    const reached = await createCompleter(app.dataSource, eventId, { email: null, profession: 'prosecutor' });
    const called = await createCompleter(app.dataSource, eventId, { email: null, profession: 'prosecutor' });
    await runAt(new Date('2040-06-01T07:00:00Z'));
    const linkOf = async (enrollmentId: string) =>
      (
        await app.dataSource.query<{ id: string }[]>('SELECT id FROM follow_up_links WHERE enrollment_id = $1', [
          enrollmentId,
        ])
      )[0].id;
    const reachedLink = await linkOf(reached.enrollmentId);
    const calledLink = await linkOf(called.enrollmentId);
    const comment = 'Просил не называть дело Турсунова';
    const answer = { channel: 'phone', evidence_cases: '3', further_training: 'yes' };

    // The officer has entered one answer, with a comment no trainer may read.
    const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
    const desk = new Visitor(app, 'en');
    await desk.signIn(officer.email, officer.password);
    await desk.get(`/officer/follow-up/links/${reachedLink}`);
    expect((await desk.post(`/officer/follow-up/links/${reachedLink}`, { ...answer, comment })).statusCode).toBe(303);

    const trainer = await teacherOf(eventId);
    const elsewhere = await teacherOf(await createCompletedEvent(app.dataSource, { endDate: '2040-03-01' }));
    const donor = await createUser(app.dataSource, { role: Role.Donor, countries: ['KG'] });
    // Another event's trainer may enter answers, not for this event: it is not found. A donor may not at all.
    for (const [user, status] of [
      [elsewhere, 404],
      [donor, 403],
    ] as const) {
      const visitor = new Visitor(app, 'en');
      await visitor.signIn(user.email, user.password);
      expect((await visitor.get(`/trainer/events/${eventId}/follow-up`)).statusCode).toBe(status);
      expect((await visitor.get(`/trainer/follow-up/links/${calledLink}`)).statusCode).toBe(status);
      await visitor.get('/');
      expect((await visitor.post(`/trainer/follow-up/links/${calledLink}`, answer)).statusCode).toBe(status);
    }
    expect(await answersOf(eventId)).toHaveLength(1);

    const visitor = new Visitor(app, 'en');
    await visitor.signIn(trainer.email, trainer.password);
    expect((await visitor.get(`/trainer/events/${eventId}`)).body).toContain(`/trainer/events/${eventId}/follow-up`);
    const page = await visitor.get(`/trainer/events/${eventId}/follow-up`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/trainer/events/${eventId}"`);
    expect(page.body).toContain(`data-trainee="${called.traineeId}"`);
    expect(page.body).toContain(`/trainer/follow-up/links/${calledLink}`);
    // Answered already: no entry link, and neither the comment nor the answers are shown.
    expect(page.body).not.toContain(`/trainer/follow-up/links/${reachedLink}`);
    expect(page.body).not.toContain('Турсунова');
    expect(page.body).not.toContain(translate('en', 'follow_up.tracking.comments'));
    // The officers' tracking page stays theirs.
    expect([403, 404]).toContain((await visitor.get(`/officer/events/${eventId}/follow-up`)).statusCode);

    const entry = await visitor.get(`/trainer/follow-up/links/${calledLink}`);
    expect(entry.statusCode).toBe(200);
    expect(entry.body).toContain(`action="/trainer/follow-up/links/${calledLink}"`);
    const bad = await visitor.post(`/trainer/follow-up/links/${calledLink}`, { ...answer, channel: 'pigeon' });
    expect(bad.statusCode).toBe(400);
    expect(await answersOf(eventId)).toHaveLength(1);
    const saved = await visitor.post(`/trainer/follow-up/links/${calledLink}`, answer);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/trainer/events/${eventId}/follow-up?saved=1`);
    expect(await answersOf(eventId)).toEqual([
      expect.objectContaining({ collected_by: officer.id }),
      expect.objectContaining({
        channel: 'phone',
        collected_by: trainer.id,
        comment: null,
        answers: { evidence_cases: 3, further_training: true, obstacles: [] },
      }),
    ]);
    const after = await visitor.get(`/trainer/events/${eventId}/follow-up?saved=1`);
    expect(after.body).toContain(translate('en', 'follow_up.entry.saved'));
    expect(after.body).not.toContain(`/trainer/follow-up/links/${calledLink}`);
    expect((await visitor.post(`/trainer/follow-up/links/${calledLink}`, answer)).statusCode).toBe(409);
    expect(await answersOf(eventId)).toHaveLength(2);
  });
});
