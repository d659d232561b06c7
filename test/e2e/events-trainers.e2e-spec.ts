import { TrainerStatus } from '../../src/modules/trainers/trainer.entity.js';
import { createCourse, createEvent, createSession, createTrainer } from '../factories/training.js';
import { type FieldErrors, useEventsFixture } from '../support/events-fixture.js';

/** An event's trainers and sessions (the fixture: test/support/events-fixture.ts). */
describe('training events', () => {
  const suite = useEventsFixture();
  const { request, osh, auditActions, fieldCodes } = suite;
  let { app, asOfficer, asRussianOfficer, course } = suite;
  beforeAll(() => ({ app, asOfficer, asRussianOfficer, course } = suite));

  describe('trainers', () => {
    it('books 1 to 3 trainers of the country, one lead, replacing the list, audited', async () => {
      const event = (await request('POST', '/events', asOfficer, osh())).json();
      const lead = await createTrainer(app.dataSource, { fullName: 'Нурлан Асанов' });
      const co = await createTrainer(app.dataSource, {
        fullName: 'Айгүл Токтогулова',
        status: TrainerStatus.Candidate,
      });
      const third = await createTrainer(app.dataSource, { fullName: 'Эрмек Жумабаев' });

      const res = await request('PUT', `/events/${event.id}/trainers`, asRussianOfficer, {
        trainers: [
          { trainerId: co, role: 'co_trainer' },
          { trainerId: lead, role: 'lead' },
        ],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().trainers).toEqual([
        { trainerId: lead, fullName: 'Нурлан Асанов', role: 'lead', roleLabel: 'Ведущий тренер' },
        { trainerId: co, fullName: 'Айгүл Токтогулова', role: 'co_trainer', roleLabel: 'Ко-тренер' },
      ]);

      const replaced = await request('PUT', `/events/${event.id}/trainers`, asOfficer, {
        trainers: [
          { trainerId: co, role: 'lead' },
          { trainerId: third, role: 'co_trainer' },
        ],
      });
      expect(replaced.json().trainers.map((t: { trainerId: string; role: string }) => [t.trainerId, t.role])).toEqual([
        [co, 'lead'],
        [third, 'co_trainer'],
      ]);
      const bookings = await app.dataSource.query<{ id: string; trainer_id: string }[]>(
        'SELECT id, trainer_id FROM event_trainers WHERE event_id = $1',
        [event.id],
      );
      expect(bookings.map((b) => b.trainer_id).sort()).toEqual([co, third].sort());
      const coBooking = bookings.find((b) => b.trainer_id === co)?.id ?? '';
      expect(await auditActions('event_trainer', coBooking)).toEqual(['create', 'update']);
      const [removed] = await app.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'event_trainer' AND action = 'delete'
            AND "values" IS NULL AND request_id = $1`,
        [replaced.headers['x-request-id']],
      );
      expect(removed.n).toBe(1);
    });

    it('refuses no lead, two leads, more than three, twice the same, another country, an inactive trainer', async () => {
      const eventId = await createEvent(app.dataSource);
      const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createTrainer(app.dataSource)));
      const put = (trainers: object[]) => request('PUT', `/events/${eventId}/trainers`, asOfficer, { trainers });
      expect(fieldCodes((await put([{ trainerId: a, role: 'co_trainer' }])).json())).toEqual([
        'trainers:one_lead_required',
      ]);
      expect(
        fieldCodes(
          (
            await put([
              { trainerId: a, role: 'lead' },
              { trainerId: b, role: 'lead' },
            ])
          ).json(),
        ),
      ).toEqual(['trainers:one_lead_required']);
      expect(
        fieldCodes(
          (await put([a, b, c, d].map((trainerId, i) => ({ trainerId, role: i ? 'co_trainer' : 'lead' })))).json(),
        ),
      ).toEqual(['trainers:arrayMaxSize']);
      expect(fieldCodes((await put([])).json())).toEqual(['trainers:arrayMinSize']);
      expect(
        fieldCodes(
          (
            await put([
              { trainerId: a, role: 'lead' },
              { trainerId: a, role: 'co_trainer' },
            ])
          ).json(),
        ),
      ).toEqual(['trainers:duplicate_trainer']);
      expect(fieldCodes((await put([{ trainerId: a, role: 'assistant' }])).json())).toEqual(['trainers.0.role:isEnum']);

      const tajik = await createTrainer(app.dataSource, { countryCode: 'TJ' });
      const foreign = await put([
        { trainerId: a, role: 'lead' },
        { trainerId: tajik, role: 'co_trainer' },
      ]);
      expect(foreign.json<FieldErrors>().errors).toEqual([
        { field: 'trainers.1.trainerId', code: 'trainer_not_in_country', message: 'is not a trainer of KG.' },
      ]);
      const inactive = await createTrainer(app.dataSource, { status: TrainerStatus.Inactive });
      expect(fieldCodes((await put([{ trainerId: inactive, role: 'lead' }])).json())).toEqual([
        'trainers.0.trainerId:trainer_inactive',
      ]);
    });

    it('refuses a trainer booked on another event on overlapping dates, naming it; a cancelled one does not count', async () => {
      const trainer = await createTrainer(app.dataSource);
      const other = await createTrainer(app.dataSource);
      const first = (await request('POST', '/events', asOfficer, osh())).json();
      await request('PUT', `/events/${first.id}/trainers`, asOfficer, {
        trainers: [{ trainerId: trainer, role: 'lead' }],
      });

      const second = (
        await request(
          'POST',
          '/events',
          asOfficer,
          osh({ venue: 'Bishkek, Hyatt', startDate: '2025-05-15', endDate: '2025-05-17' }),
        )
      ).json();
      const clash = await request('PUT', `/events/${second.id}/trainers`, asOfficer, {
        trainers: [
          { trainerId: other, role: 'lead' },
          { trainerId: trainer, role: 'co_trainer' },
        ],
      });
      expect(clash.statusCode).toBe(409);
      expect(clash.json()).toMatchObject({
        code: 'trainer_booking_clash',
        message:
          'Асель Маматова is already booked from 2025-05-12 to 2025-05-15 on “Istanbul Protocol for forensic experts” at Osh, hotel "Sunrise", conference hall.',
      });

      const nextDay = (
        await request('POST', '/events', asOfficer, osh({ startDate: '2025-05-16', endDate: '2025-05-17' }))
      ).json();
      const fine = await request('PUT', `/events/${nextDay.id}/trainers`, asOfficer, {
        trainers: [{ trainerId: trainer, role: 'lead' }],
      });
      expect(fine.statusCode).toBe(200);
      const moved = await request('PATCH', `/events/${nextDay.id}`, asOfficer, { startDate: '2025-05-14' });
      expect(moved.statusCode).toBe(409);
      expect(moved.json().code).toBe('trainer_booking_clash');

      await request('POST', `/events/${first.id}/status`, asOfficer, { status: 'cancelled' });
      const afterCancel = await request('PUT', `/events/${second.id}/trainers`, asOfficer, {
        trainers: [{ trainerId: trainer, role: 'lead' }],
      });
      // Still clashes with the next-day event (16–17 May overlaps 15–17 May), no longer with the cancelled one.
      expect(afterCancel.json().message).toContain('2025-05-16 to 2025-05-17');
    });

    it('books a trainer on only one of two overlapping events booked at the same moment', async () => {
      const trainer = await createTrainer(app.dataSource);
      const events = await Promise.all([1, 2].map(() => createEvent(app.dataSource)));
      const answers = await Promise.all(
        events.map((eventId) =>
          request('PUT', `/events/${eventId}/trainers`, asOfficer, {
            trainers: [{ trainerId: trainer, role: 'lead' }],
          }),
        ),
      );
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    });
  });

  describe('sessions', () => {
    it('adds, moves and removes sessions within the event, audited', async () => {
      const event = (await request('POST', '/events', asOfficer, osh())).json();
      const url = `/events/${event.id}/sessions`;
      const first = await request('POST', url, asOfficer, {
        date: '2025-05-12',
        startTime: '09:00',
        endTime: '10:30',
        moduleId: course.moduleIds[0],
      });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ startTime: '09:00', endTime: '10:30', moduleTitle: 'Module 1' });
      // Back to back is not an overlap.
      const second = await request('POST', url, asOfficer, {
        date: '2025-05-12',
        startTime: '10:30',
        endTime: '12:00',
      });
      expect(second.statusCode).toBe(201);
      expect(second.json()).toMatchObject({ moduleId: null, moduleTitle: null });

      const moved = await request('PATCH', `${url}/${second.json().id}`, asOfficer, {
        date: '2025-05-13',
        moduleId: course.moduleIds[1],
      });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ date: '2025-05-13', startTime: '10:30', moduleTitle: 'Module 2' });

      const removed = await request('DELETE', `${url}/${first.json().id}`, asOfficer);
      expect(removed.statusCode).toBe(204);
      expect(await auditActions('training_session', first.json().id)).toEqual(['create', 'delete']);
      expect(await auditActions('training_session', second.json().id)).toEqual(['create', 'update']);

      const detail = (await request('GET', `/events/${event.id}`, asOfficer)).json();
      expect(detail.sessions.map((s: { id: string }) => s.id)).toEqual([second.json().id]);
      expect((await request('DELETE', `${url}/${first.json().id}`, asOfficer)).statusCode).toBe(404);
    });

    it('refuses a session outside the dates, ending before it starts, or of another course’s module', async () => {
      const eventId = await createEvent(app.dataSource, { courseId: course.id });
      const url = `/events/${eventId}/sessions`;
      const outside = await request('POST', url, asOfficer, {
        date: '2025-05-16',
        startTime: '09:00',
        endTime: '10:00',
      });
      expect(outside.statusCode).toBe(400);
      expect(outside.json<FieldErrors>().errors).toEqual([
        {
          field: 'date',
          code: 'session_outside_event',
          message: "must be within the event's dates, 2025-05-12 to 2025-05-15.",
        },
      ]);
      const reversed = await request('POST', url, asOfficer, {
        date: '2025-05-12',
        startTime: '11:00',
        endTime: '10:00',
      });
      expect(fieldCodes(reversed.json())).toEqual(['endTime:time_not_after_start']);
      const foreign = await createCourse(app.dataSource);
      const module = await request('POST', url, asOfficer, {
        date: '2025-05-12',
        startTime: '09:00',
        endTime: '10:00',
        moduleId: foreign.moduleIds[0],
      });
      expect(fieldCodes(module.json())).toEqual(['moduleId:module_not_in_course']);
      const typed = await request('POST', url, asOfficer, { date: '12/05/2025', startTime: '9am', endTime: '25:00' });
      expect(fieldCodes(typed.json())).toEqual(['date:isDateString', 'startTime:isClockTime', 'endTime:isClockTime']);
    });

    it('refuses a session overlapping another of the event, naming its times', async () => {
      const eventId = await createEvent(app.dataSource);
      const url = `/events/${eventId}/sessions`;
      await createSession(app.dataSource, eventId, { date: '2025-05-13', startTime: '09:00', endTime: '10:30' });
      const overlap = await request('POST', url, asOfficer, {
        date: '2025-05-13',
        startTime: '10:00',
        endTime: '11:00',
      });
      expect(overlap.statusCode).toBe(409);
      expect(overlap.json()).toMatchObject({
        code: 'session_overlap',
        message: 'This session overlaps the one on 2025-05-13 from 09:00 to 10:30.',
      });
      const later = await request('POST', url, asOfficer, { date: '2025-05-13', startTime: '11:00', endTime: '12:30' });
      const onto = await request('PATCH', `${url}/${later.json().id}`, asOfficer, { startTime: '08:00' });
      expect(onto.statusCode).toBe(409);
      expect(onto.json().code).toBe('session_overlap');
      // Another event's session at the same time is no concern of this one.
      const otherEvent = await createEvent(app.dataSource);
      const elsewhere = await request('POST', `/events/${otherEvent}/sessions`, asOfficer, {
        date: '2025-05-13',
        startTime: '09:00',
        endTime: '10:30',
      });
      expect(elsewhere.statusCode).toBe(201);
      // Nor may the event's dates move away from its sessions.
      const shrink = await request('PATCH', `/events/${eventId}`, asOfficer, { endDate: '2025-05-12' });
      expect(fieldCodes(shrink.json())).toEqual(['endDate:sessions_outside_dates']);
    });
  });
});
