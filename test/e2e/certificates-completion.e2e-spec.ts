import { isDeepStrictEqual } from 'node:util';

import { JobsService } from '../../src/infrastructure/jobs/jobs.service.js';
import { CertificatePdfRenderer } from '../../src/modules/certificates/certificate-pdf.js';
import { CompletionService } from '../../src/modules/certificates/completion.service.js';
import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { useCertificatesFixture } from '../support/certificates-fixture.js';

/** When completion is decided and decided again, and the check's limit (the fixture: test/support/certificates-fixture.ts). */
describe('completion and certificates', () => {
  const suite = useCertificatesFixture();
  const { completedEvent, runCompletion, eventually, enrollmentStates, halfIssued, certificateOf, verify } = suite;
  let { app, worker, officerUser, officer } = suite;
  beforeAll(() => ({ app, worker, officerUser, officer } = suite));

  it('refuses to decide completion before the event is completed', async () => {
    const { eventId } = await completedEvent([{ name: 'Early Bird', attended: 5, postScore: 90 }], EventStatus.Ongoing);
    const res = await app.request({ method: 'POST', url: `/events/${eventId}/completion`, headers: officer });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'event_not_completed',
      message: 'Completion and certificates are decided only once the event is marked completed.',
    });
    const missing = await app.request({
      method: 'POST',
      url: '/events/00000000-0000-4000-8000-000000000000/completion',
      headers: officer,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('decides again when a post score is corrected: issues, revokes and reinstates', async () => {
    const { eventId, trainees } = await completedEvent([
      { name: 'Corrected Down', attended: 5, postScore: 80 },
      { name: 'Corrected Up', attended: 5, postScore: 60 },
      { name: 'Untouched', attended: 5, postScore: 90 },
    ]);
    await runCompletion(eventId);
    expect(await enrollmentStates(eventId)).toEqual({
      'Corrected Down': 'completed + certificate',
      'Corrected Up': 'enrolled',
      Untouched: 'completed + certificate',
    });
    const down = await certificateOf(trainees['Corrected Down'].enrollmentId);

    const put = (scores: object[]) =>
      app.request({ method: 'PUT', url: `/events/${eventId}/assessments`, headers: officer, payload: { scores } });
    expect(
      (
        await put([
          { traineeId: trainees['Corrected Down'].traineeId, postScore: 50 },
          { traineeId: trainees['Corrected Up'].traineeId, postScore: 75 },
        ])
      ).statusCode,
    ).toBe(200);
    const settled = {
      'Corrected Down': 'enrolled',
      'Corrected Up': 'completed + certificate',
      Untouched: 'completed + certificate',
    };
    await eventually(async () => isDeepStrictEqual(await enrollmentStates(eventId), settled), 'the re-evaluation');
    expect(await enrollmentStates(eventId)).toEqual(settled);
    expect(await halfIssued(eventId)).toEqual([]);

    const [revoked] = await app.dataSource.query<{ revoked_reason: string; revoked_by_id: string }[]>(
      'SELECT revoked_reason, revoked_by_id FROM certificates WHERE id = $1',
      [down.id],
    );
    expect(revoked).toEqual({ revoked_reason: 'score corrected', revoked_by_id: officerUser.id });
    const [audit] = await app.dataSource.query<{ actor_id: string; values: object }[]>(
      `SELECT actor_id, "values" FROM audit_log WHERE entity_type = 'certificate' AND entity_id = $1 AND action = 'update'`,
      [down.id],
    );
    expect(audit).toMatchObject({ actor_id: officerUser.id, values: { revokedReason: 'score corrected' } });
    expect((await verify(down.code)).json()).toMatchObject({ status: 'revoked' });

    // Corrected back: the same certificate is valid again, not a second one.
    await put([{ traineeId: trainees['Corrected Down'].traineeId, postScore: 80 }]);
    await eventually(
      async () => (await enrollmentStates(eventId))['Corrected Down'] === 'completed + certificate',
      'the reinstatement',
    );
    const reinstated = await certificateOf(trainees['Corrected Down'].enrollmentId);
    expect(reinstated.code).toBe(down.code);
    expect((await verify(down.code)).json()).toMatchObject({ status: 'valid', revokedOn: null });

    // A pre-score change alone starts nothing; nor does writing the same post score again.
    const started = jest.spyOn(app.api.get(JobsService), 'enqueue');
    try {
      await put([{ traineeId: trainees.Untouched.traineeId, preScore: 10, postScore: 90 }]);
      expect(started).not.toHaveBeenCalled();
    } finally {
      started.mockRestore();
    }
  });

  it('leaves no half-issued certificate when a run fails midway, and a rerun finishes the rest', async () => {
    const { eventId, trainees } = await completedEvent([
      { name: 'First In Line', attended: 5, postScore: 90 },
      { name: 'Breaks The Renderer', attended: 5, postScore: 90 },
      { name: 'Last In Line', attended: 5, postScore: 90 },
    ]);
    const completion = worker.get(CompletionService);
    const renderer = worker.get(CertificatePdfRenderer);
    const render = renderer.render.bind(renderer);
    const spy = jest.spyOn(renderer, 'render').mockImplementation(async (content) => {
      if (content.traineeName === 'Breaks The Renderer') throw new Error('the renderer broke');
      return render(content);
    });
    const job = { eventId, requestedBy: officerUser.id, requestedAt: new Date().toISOString() };
    try {
      await expect(completion.completeEvent(job)).rejects.toThrow('the renderer broke');
    } finally {
      spy.mockRestore();
    }
    expect(await halfIssued(eventId)).toEqual([]);
    expect(await enrollmentStates(eventId)).toEqual({
      'First In Line': 'completed + certificate',
      'Breaks The Renderer': 'enrolled',
      'Last In Line': 'enrolled',
    });
    const first = await certificateOf(trainees['First In Line'].enrollmentId);

    const rerun = await completion.completeEvent(job);
    expect(rerun).toMatchObject({ issued: 2, unchanged: 1 });
    expect(await halfIssued(eventId)).toEqual([]);
    expect(Object.values(await enrollmentStates(eventId))).toEqual(Array(3).fill('completed + certificate'));
    expect((await certificateOf(trainees['First In Line'].enrollmentId)).code).toBe(first.code);
  });

  it('issues each certificate once when two runs meet', async () => {
    const { eventId } = await completedEvent([
      { name: 'Concurrent One', attended: 5, postScore: 90 },
      { name: 'Concurrent Two', attended: 5, postScore: 90 },
      { name: 'Concurrent Three', attended: 2, postScore: 90 },
    ]);
    const completion = worker.get(CompletionService);
    const job = { eventId, requestedBy: officerUser.id, requestedAt: new Date().toISOString() };
    const [a, b] = await Promise.all([completion.completeEvent(job), completion.completeEvent(job)]);
    expect(a.issued + b.issued).toBe(2);
    expect(a.unchanged + b.unchanged).toBe(4);
    const [{ n }] = await app.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM certificates c JOIN enrollments en ON en.id = c.enrollment_id WHERE en.event_id = $1`,
      [eventId],
    );
    expect(n).toBe(2);
    expect(await halfIssued(eventId)).toEqual([]);
  });

  it('limits the public check per IP address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await app.request({ method: 'GET', url: '/verify/unknown', remoteAddress: '198.51.100.7' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(404));
    expect(statuses[30]).toBe(429);
    const other = await app.request({ method: 'GET', url: '/verify/unknown', remoteAddress: '198.51.100.8' });
    expect(other.statusCode).toBe(404);
  });
});
