import { randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import {
  assignTrainer,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('attendance', () => {
  let app: TestApp;
  let trainer: Record<string, string>;
  let otherTrainer: Record<string, string>;
  let kgOfficer: Record<string, string>;
  let tjOfficer: Record<string, string>;
  let donor: Record<string, string>;
  let trainerId: string;

  /** An event this test's trainer teaches, with a session and `size` enrolled trainees. */
  async function eventWithRoster(size: number, dates = { startDate: daysFromToday(-1), endDate: daysFromToday(1) }) {
    const eventId = await createEvent(app.dataSource, dates);
    await assignTrainer(app.dataSource, eventId, trainerId);
    const sessionId = await createSession(app.dataSource, eventId, { date: dates.startDate });
    const trainees: string[] = [];
    for (let i = 0; i < size; i++) {
      const traineeId = await createTrainee(app.dataSource);
      await enroll(app.dataSource, eventId, traineeId);
      trainees.push(traineeId);
    }
    return { eventId, sessionId, trainees };
  }

  const mark = (traineeId: string, status: string, markedAt = new Date().toISOString()) => ({
    id: randomUUID(),
    traineeId,
    status,
    markedAt,
  });

  const put = (sessionId: string, headers: Record<string, string>, marks: object[]) =>
    app.request({ method: 'PUT', url: `/sessions/${sessionId}/attendance`, headers, payload: { marks } });

  const storedMarks = async (sessionId: string) =>
    app.dataSource.query<{ trainee_id: string; status: string }[]>(
      'SELECT trainee_id, status FROM attendance_marks WHERE session_id = $1 ORDER BY trainee_id',
      [sessionId],
    );

  beforeAll(async () => {
    app = await startTestApp();
    const trainerUser = await createUser(app.dataSource, { role: Role.Trainer, locale: 'ru' });
    trainerId = await createTrainer(app.dataSource, { userId: trainerUser.id });
    trainer = bearer((await signIn(app, trainerUser)).accessToken);
    const otherUser = await createUser(app.dataSource, { role: Role.Trainer });
    await createTrainer(app.dataSource, { userId: otherUser.id });
    otherTrainer = bearer((await signIn(app, otherUser)).accessToken);
    kgOfficer = bearer(
      (await signIn(app, await createUser(app.dataSource, { role: Role.ProgramOfficer }))).accessToken,
    );
    tjOfficer = bearer(
      (await signIn(app, await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['TJ'] })))
        .accessToken,
    );
    donor = bearer((await signIn(app, await createUser(app.dataSource, { role: Role.Donor }))).accessToken);
  });
  afterAll(() => app.close());

  it('takes a whole roster in one request and answers the roster with every mark', async () => {
    const { sessionId, trainees } = await eventWithRoster(3);
    const late = mark(trainees[1], 'late', '2026-03-02T09:15:30.250+06:00');
    const res = await put(sessionId, trainer, [mark(trainees[0], 'present'), late, mark(trainees[2], 'absent')]);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    expect(body).toMatchObject({ sessionId, applied: 3, unchanged: 0 });
    expect(body.roster).toHaveLength(3);
    // The statement writes the answer's JSON itself: the same fields and forms the DTO documents.
    expect(body.roster.find((r: { traineeId: string }) => r.traineeId === trainees[1])).toEqual({
      traineeId: trainees[1],
      fullName: expect.any(String),
      status: 'late',
      statusLabel: 'опоздал(а)',
      note: null,
      markedAt: '2026-03-02T03:15:30.250Z',
      markId: late.id,
    });
    expect(await storedMarks(sessionId)).toHaveLength(3);
  });

  it('answers the counts alone to a client that asks Prefer: return=minimal, and writes the same', async () => {
    const { sessionId, trainees } = await eventWithRoster(2);
    const res = await put(sessionId, { ...trainer, prefer: 'respond-async, return=minimal' }, [
      mark(trainees[0], 'present'),
      mark(trainees[1], 'absent'),
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.headers['preference-applied']).toBe('return=minimal');
    expect(res.json()).toEqual({ sessionId, applied: 2, unchanged: 0 });
    expect(await storedMarks(sessionId)).toHaveLength(2);
  });

  describe('the account checked by the roster statement itself (the token’s claims, no round trip of the guard)', () => {
    /** A trainer of their own, teaching an event with a session and two trainees, signed in. */
    async function ownTrainer(locale: string | null = 'ru') {
      const user = await createUser(app.dataSource, { role: Role.Trainer, locale });
      const ownTrainerId = await createTrainer(app.dataSource, { userId: user.id });
      const dates = { startDate: daysFromToday(-1), endDate: daysFromToday(1) };
      const eventId = await createEvent(app.dataSource, dates);
      await assignTrainer(app.dataSource, eventId, ownTrainerId);
      const sessionId = await createSession(app.dataSource, eventId, { date: dates.startDate });
      const trainees = [await createTrainee(app.dataSource), await createTrainee(app.dataSource)];
      for (const traineeId of trainees) await enroll(app.dataSource, eventId, traineeId);
      const session = await signIn(app, user);
      return { user, sessionId, trainees, session, headers: bearer(session.accessToken) };
    }
    const marksOf = (trainees: string[]) => trainees.map((id) => mark(id, 'present'));

    it('refuses a signed-out session at once (401) and writes nothing', async () => {
      const own = await ownTrainer();
      const out = await app.request({
        method: 'POST',
        url: '/auth/sign-out',
        payload: { refreshToken: own.session.refreshToken },
      });
      expect(out.statusCode).toBe(204);
      const res = await put(own.sessionId, own.headers, marksOf(own.trainees));
      expect(res.statusCode).toBe(401);
      expect(await storedMarks(own.sessionId)).toEqual([]);
    });

    it('refuses a deactivated account (401), and one whose role changed since sign-in (403)', async () => {
      const deactivated = await ownTrainer();
      await app.dataSource.query('UPDATE users SET active = false WHERE id = $1', [deactivated.user.id]);
      expect((await put(deactivated.sessionId, deactivated.headers, marksOf(deactivated.trainees))).statusCode).toBe(
        401,
      );
      const demoted = await ownTrainer();
      await app.dataSource.query(`UPDATE users SET role = 'donor' WHERE id = $1`, [demoted.user.id]);
      expect((await put(demoted.sessionId, demoted.headers, marksOf(demoted.trainees))).statusCode).toBe(403);
      expect(await storedMarks(deactivated.sessionId)).toEqual([]);
      expect(await storedMarks(demoted.sessionId)).toEqual([]);
    });

    it('follows the account as it is now: countries taken away from an officer, a language changed', async () => {
      const own = await ownTrainer();
      const officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: ['KG'] });
      const officerHeaders = bearer((await signIn(app, officer)).accessToken);
      await app.dataSource.query(`UPDATE users SET countries = '{TJ}' WHERE id = $1`, [officer.id]);
      expect((await put(own.sessionId, officerHeaders, marksOf(own.trainees))).statusCode).toBe(404);
      expect(await storedMarks(own.sessionId)).toEqual([]);

      await app.dataSource.query(`UPDATE users SET locale = 'uk' WHERE id = $1`, [own.user.id]);
      const res = await put(own.sessionId, own.headers, [mark(own.trainees[0], 'late')]);
      expect(res.statusCode).toBe(200);
      expect(res.json().roster.find((r: { traineeId: string }) => r.traineeId === own.trainees[0]).statusLabel).toBe(
        translate('uk', 'enums.attendance_status.late'),
      );
    });
  });

  it('writes a retried request once: the same Idempotency-Key gets the first answer back', async () => {
    const { sessionId, trainees } = await eventWithRoster(2);
    const marks = trainees.map((id) => mark(id, 'present'));
    const headers = { ...trainer, 'idempotency-key': `roster-${randomUUID()}` };
    const first = await put(sessionId, headers, marks);
    const retry = await put(sessionId, headers, marks);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    const [{ rows }] = await app.dataSource.query<{ rows: string }[]>(
      `SELECT count(*)::text AS rows FROM audit_log WHERE entity_type = 'training_session' AND entity_id = $1`,
      [sessionId],
    );
    expect(rows).toBe('1');

    const otherBody = await put(sessionId, headers, [mark(trainees[0], 'absent')]);
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.json().code).toBe('idempotency_key_reused');
  });

  it('writes a retried request once even without a key: the same mark ids change nothing', async () => {
    const { sessionId, trainees } = await eventWithRoster(2);
    const marks = trainees.map((id) => mark(id, 'excused'));
    await put(sessionId, trainer, marks);
    const retry = await put(sessionId, trainer, marks);
    expect(retry.json()).toMatchObject({ applied: 0, unchanged: 2 });
    expect(await storedMarks(sessionId)).toHaveLength(2);
  });

  it('keeps the later mark when two edits meet (by marked_at), whatever order they arrive in', async () => {
    const { sessionId, trainees } = await eventWithRoster(1);
    const later = mark(trainees[0], 'present', '2030-01-01T10:05:00Z');
    const earlier = mark(trainees[0], 'absent', '2030-01-01T10:00:00Z');
    await put(sessionId, trainer, [later]);
    const stale = await put(sessionId, kgOfficer, [earlier]);
    expect(stale.json()).toMatchObject({ applied: 0, unchanged: 1 });
    expect((await storedMarks(sessionId))[0].status).toBe('present');
    await put(sessionId, kgOfficer, [mark(trainees[0], 'late', '2030-01-01T10:10:00Z')]);
    expect((await storedMarks(sessionId))[0].status).toBe('late');
  });

  it('refuses the whole request when one row is wrong, naming the row, and writes nothing', async () => {
    const { sessionId, trainees } = await eventWithRoster(2);
    const stranger = await createTrainee(app.dataSource);
    const res = await put(sessionId, trainer, [
      mark(trainees[0], 'present'),
      mark(stranger, 'present'),
      mark(trainees[1], 'present'),
      mark(trainees[1], 'late'),
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'marks.1.traineeId',
        code: 'not_enrolled',
        message: 'строка 2: этот слушатель не записан на мероприятие.',
      },
      {
        field: 'marks.3.traineeId',
        code: 'duplicate_trainee',
        message: 'строка 4: этот слушатель указан в запросе дважды.',
      },
    ]);
    expect(await storedMarks(sessionId)).toEqual([]);

    const badStatus = await put(sessionId, trainer, [{ ...mark(trainees[0], 'present'), status: 'asleep' }]);
    expect(badStatus.json().errors[0]).toMatchObject({ field: 'marks.0.status', code: 'isEnum' });
  });

  it('refuses a mark id already used for another trainee with 409', async () => {
    const { sessionId, trainees } = await eventWithRoster(2);
    const first = mark(trainees[0], 'present');
    await put(sessionId, trainer, [first]);
    const reused = await put(sessionId, trainer, [{ ...first, traineeId: trainees[1] }]);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('mark_id_reused');
  });

  it('keeps each trainer to the sessions of their own events, officers to their countries, donors out', async () => {
    const { sessionId, trainees } = await eventWithRoster(1);
    const marks = [mark(trainees[0], 'present')];
    const missing = await put(randomUUID(), otherTrainer, marks);
    const hidden = await put(sessionId, otherTrainer, marks);
    expect(hidden.statusCode).toBe(404);
    expect({ ...hidden.json(), requestId: null }).toEqual({ ...missing.json(), requestId: null });
    expect((await put(sessionId, tjOfficer, marks)).statusCode).toBe(404);
    expect((await put(sessionId, donor, marks)).statusCode).toBe(403);
    expect(
      (await app.request({ method: 'GET', url: `/sessions/${sessionId}/attendance`, headers: donor })).statusCode,
    ).toBe(403);
    expect((await put(sessionId, kgOfficer, marks)).statusCode).toBe(200);
  });

  it('closes marking to trainers some days after the event, until an officer reopens it', async () => {
    const { eventId, sessionId, trainees } = await eventWithRoster(1, {
      startDate: daysFromToday(-40),
      endDate: daysFromToday(-38),
    });
    const closed = await put(sessionId, trainer, [mark(trainees[0], 'present')]);
    expect(closed.statusCode).toBe(403);
    expect(closed.json()).toMatchObject({
      code: 'recording_closed',
      message: expect.stringContaining('7 дней после окончания'),
    });
    expect((await put(sessionId, kgOfficer, [mark(trainees[0], 'present')])).statusCode).toBe(200);

    const reopen = await app.request({
      method: 'POST',
      url: `/events/${eventId}/attendance-window`,
      headers: kgOfficer,
      payload: { until: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(reopen.statusCode).toBe(200);
    expect((await put(sessionId, trainer, [mark(trainees[0], 'late')])).statusCode).toBe(200);
    const notForTrainers = await app.request({
      method: 'POST',
      url: `/events/${eventId}/attendance-window`,
      headers: trainer,
      payload: { until: new Date().toISOString() },
    });
    expect(notForTrainers.statusCode).toBe(403);
  });

  it('keeps the window open to trainers through the seventh day after the end, closed on the eighth', async () => {
    const lastDay = await eventWithRoster(1, { startDate: daysFromToday(-9), endDate: daysFromToday(-7) });
    expect((await put(lastDay.sessionId, trainer, [mark(lastDay.trainees[0], 'present')])).statusCode).toBe(200);
    const dayAfter = await eventWithRoster(1, { startDate: daysFromToday(-10), endDate: daysFromToday(-8) });
    expect((await put(dayAfter.sessionId, trainer, [mark(dayAfter.trainees[0], 'present')])).statusCode).toBe(403);
  });

  it('leaves no trace of a refused request: no marks, no audit row, no remembered answer for its key', async () => {
    const { sessionId, trainees } = await eventWithRoster(3);
    const kept = mark(trainees[2], 'present', '2030-01-01T10:05:00Z');
    await put(sessionId, trainer, [kept]);
    const audits = () =>
      app.dataSource.query<{ values: { marksSent: number; marksApplied: number } }[]>(
        `SELECT "values" FROM audit_log WHERE entity_type = 'training_session' AND entity_id = $1 ORDER BY id`,
        [sessionId],
      );
    const headers = { ...trainer, 'idempotency-key': `roster-${randomUUID()}` };
    const stranger = await createTrainee(app.dataSource);
    const refused = await put(sessionId, headers, [mark(trainees[0], 'late'), mark(stranger, 'present')]);
    expect(refused.statusCode).toBe(400);
    expect(await storedMarks(sessionId)).toHaveLength(1);
    expect(await audits()).toHaveLength(1);

    // The same key with the corrected roster is a new request: written, audited, answered with every mark.
    const corrected = [
      mark(trainees[0], 'late'),
      mark(trainees[1], 'absent'),
      { ...kept, status: 'absent', markedAt: '2030-01-01T10:00:00Z' },
    ];
    const res = await put(sessionId, headers, corrected);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ applied: 2, unchanged: 1 });
    const statuses = Object.fromEntries(
      res
        .json<{ roster: { traineeId: string; status: string; markId: string }[] }>()
        .roster.map((row) => [row.traineeId, row.status]),
    );
    expect(statuses).toEqual({ [trainees[0]]: 'late', [trainees[1]]: 'absent', [trainees[2]]: 'present' });
    expect((await audits()).map((row) => row.values)).toEqual([
      { marksSent: 1, marksApplied: 1 },
      { marksSent: 3, marksApplied: 2 },
    ]);
    expect((await put(sessionId, headers, corrected)).json()).toEqual(res.json());
  });

  it('records pre- and post-test scores with the knowledge gain, and refuses scores out of 0–100', async () => {
    const { eventId, trainees } = await eventWithRoster(2);
    const url = `/events/${eventId}/assessments`;
    const res = await app.request({
      method: 'PUT',
      url,
      headers: trainer,
      payload: {
        scores: [
          { traineeId: trainees[0], preScore: 45, postScore: 80 },
          { traineeId: trainees[1], preScore: 60 },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const rows = res.json<{ traineeId: string; knowledgeGain: number | null }[]>();
    expect(rows.find((r) => r.traineeId === trainees[0])?.knowledgeGain).toBe(35);
    expect(rows.find((r) => r.traineeId === trainees[1])?.knowledgeGain).toBeNull();

    const correction = await app.request({
      method: 'PUT',
      url,
      headers: trainer,
      payload: { scores: [{ traineeId: trainees[1], postScore: 75 }] },
    });
    expect(correction.json().find((r: { traineeId: string }) => r.traineeId === trainees[1])).toMatchObject({
      preScore: 60,
      postScore: 75,
      knowledgeGain: 15,
    });
    const audited = await app.dataSource.query<{ action: string; changed_fields: string[] }[]>(
      `SELECT action, changed_fields FROM audit_log
        WHERE entity_type = 'assessment'
          AND entity_id = (SELECT id::text FROM assessments WHERE event_id = $1 AND trainee_id = $2)
        ORDER BY id`,
      [eventId, trainees[1]],
    );
    expect(audited.map((row) => [row.action, row.changed_fields])).toEqual([
      ['create', ['eventId', 'traineeId', 'preScore']],
      ['update', ['postScore']],
    ]);

    const outOfRange = await app.request({
      method: 'PUT',
      url,
      headers: trainer,
      payload: { scores: [{ traineeId: trainees[0], postScore: 101 }] },
    });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().errors[0]).toMatchObject({ field: 'scores.0.postScore', code: 'max' });
  });
});
