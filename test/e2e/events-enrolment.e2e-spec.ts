import { assignTrainer, createEvent, createTrainee, enroll } from '../factories/training.js';
import { type FieldErrors, MISSING, useEventsFixture } from '../support/events-fixture.js';

/** Enrolment, and the OpenAPI description (the fixture: test/support/events-fixture.ts). */
describe('training events', () => {
  const suite = useEventsFixture();
  const { signedInTrainer, request, osh, auditActions, fieldCodes } = suite;
  let { app, asOfficer, asRussianOfficer } = suite;
  beforeAll(() => ({ app, asOfficer, asRussianOfficer } = suite));

  describe('enrolment', () => {
    it('enrols trainees of the country up to the capacity, withdraws them, and shows the roster', async () => {
      const event = (await request('POST', '/events', asOfficer, osh({ capacity: 2 }))).json();
      const url = `/events/${event.id}/enrollments`;
      const [aida, bolot, chynara] = await Promise.all(
        ['Аида Бекова', 'Болот Алиев', 'Чынара Усенова'].map((fullName) => createTrainee(app.dataSource, { fullName })),
      );
      const first = await request('POST', url, asOfficer, { traineeId: aida });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({
        traineeId: aida,
        fullName: 'Аида Бекова',
        status: 'enrolled',
        statusLabel: 'Enrolled',
      });
      expect((await request('POST', url, asOfficer, { traineeId: bolot })).statusCode).toBe(201);

      const full = await request('POST', url, asOfficer, { traineeId: chynara });
      expect(full.statusCode).toBe(409);
      expect(full.json()).toMatchObject({ code: 'event_full', message: 'The event is full: all 2 places are taken.' });
      const twice = await request('POST', url, asOfficer, { traineeId: aida });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('already_enrolled');

      const withdrawn = await request('PATCH', `${url}/${first.json().id}`, asRussianOfficer, { status: 'withdrawn' });
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', statusLabel: 'Выбыл(а)' });
      expect((await request('POST', url, asOfficer, { traineeId: chynara })).statusCode).toBe(201);
      const back = await request('PATCH', `${url}/${first.json().id}`, asOfficer, { status: 'enrolled' });
      expect(back.statusCode).toBe(409);
      expect(back.json().code).toBe('event_full');

      const shrink = await request('PATCH', `/events/${event.id}`, asOfficer, { capacity: 1 });
      expect(shrink.json<FieldErrors>().errors).toEqual([
        {
          field: 'capacity',
          code: 'capacity_below_enrolled',
          message: 'must be at least 2, the number of trainees already enrolled.',
        },
      ]);

      const roster = await request('GET', url, asOfficer);
      expect(roster.statusCode).toBe(200);
      expect(roster.json().map((line: { fullName: string; status: string }) => [line.fullName, line.status])).toEqual([
        ['Аида Бекова', 'withdrawn'],
        ['Болот Алиев', 'enrolled'],
        ['Чынара Усенова', 'enrolled'],
      ]);
      expect((await request('GET', `/events/${event.id}`, asOfficer)).json().enrolledCount).toBe(2);
      expect(await auditActions('enrollment', first.json().id)).toEqual(['create', 'update']);
    });

    it('refuses a trainee of another country, one without consent, and a status only completion may set', async () => {
      const eventId = await createEvent(app.dataSource);
      const url = `/events/${eventId}/enrollments`;
      const tajik = await createTrainee(app.dataSource, { countryCode: 'TJ' });
      const foreign = await request('POST', url, asOfficer, { traineeId: tajik });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json<FieldErrors>().errors).toEqual([
        { field: 'traineeId', code: 'trainee_not_in_country', message: 'is not a trainee of KG.' },
      ]);
      expect(fieldCodes((await request('POST', url, asOfficer, { traineeId: MISSING })).json())).toEqual([
        'traineeId:trainee_not_in_country',
      ]);
      const withdrawnConsent = await createTrainee(app.dataSource);
      await app.dataSource.query('UPDATE trainees SET consent_withdrawn_at = now() WHERE id = $1', [withdrawnConsent]);
      expect(fieldCodes((await request('POST', url, asOfficer, { traineeId: withdrawnConsent })).json())).toEqual([
        'traineeId:trainee_consent_withdrawn',
      ]);

      const enrollmentId = await enroll(app.dataSource, eventId, await createTrainee(app.dataSource));
      const completed = await request('PATCH', `${url}/${enrollmentId}`, asOfficer, { status: 'completed' });
      expect(fieldCodes(completed.json())).toEqual(['status:isIn']);
      await app.dataSource.query(`UPDATE enrollments SET status = 'completed' WHERE id = $1`, [enrollmentId]);
      const afterCompletion = await request('PATCH', `${url}/${enrollmentId}`, asOfficer, { status: 'withdrawn' });
      expect(afterCompletion.statusCode).toBe(409);
      expect(afterCompletion.json().code).toBe('enrollment_completed');
      expect((await request('PATCH', `${url}/${MISSING}`, asOfficer, { status: 'withdrawn' })).statusCode).toBe(404);
    });

    it('gives the last place to one of two trainees enrolled at the same moment', async () => {
      const eventId = await createEvent(app.dataSource, { capacity: 1 });
      const trainees = await Promise.all([1, 2].map(() => createTrainee(app.dataSource)));
      const answers = await Promise.all(
        trainees.map((traineeId) => request('POST', `/events/${eventId}/enrollments`, asOfficer, { traineeId })),
      );
      expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const [{ n }] = await app.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM enrollments WHERE event_id = $1',
        [eventId],
      );
      expect(n).toBe(1);
    });

    it("shows the roster to the event's trainers, not to another trainer, and lets no trainer enrol", async () => {
      const eventId = await createEvent(app.dataSource);
      const teacher = await signedInTrainer();
      const stranger = await signedInTrainer();
      await assignTrainer(app.dataSource, eventId, teacher.trainerId);
      const traineeId = await createTrainee(app.dataSource, { fullName: 'Динара Орозова' });
      await enroll(app.dataSource, eventId, traineeId);

      const roster = await request('GET', `/events/${eventId}/enrollments`, teacher.headers);
      expect(roster.statusCode).toBe(200);
      expect(roster.json()).toEqual([
        expect.objectContaining({ traineeId, fullName: 'Динара Орозова', status: 'enrolled' }),
      ]);
      expect((await request('GET', `/events/${eventId}/enrollments`, stranger.headers)).statusCode).toBe(404);
      const byTrainer = await request('POST', `/events/${eventId}/enrollments`, teacher.headers, {
        traineeId: await createTrainee(app.dataSource),
      });
      expect(byTrainer.statusCode).toBe(403);
    });
  });

  it('is in the OpenAPI document', async () => {
    const document = (await app.request({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/courses',
        '/courses/{id}',
        '/events',
        '/events/{id}',
        '/events/{id}/status',
        '/events/{id}/trainers',
        '/events/{id}/sessions/{sessionId}',
        '/events/{id}/enrollments/{enrollmentId}',
      ]),
    );
    expect(document.components.schemas.CreateEventDto.required).toEqual(
      expect.arrayContaining(['courseId', 'countryCode', 'venue', 'language', 'startDate', 'endDate', 'capacity']),
    );
  });
});
