import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import {
  assignTrainer,
  createCourse,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { type FieldErrors, type Headers, MISSING, useEventsFixture } from '../support/events-fixture.js';

/** Planning an event, who sees which, and its status (the fixture: test/support/events-fixture.ts). */
describe('training events', () => {
  const suite = useEventsFixture();
  const { signedInTrainer, request, osh, auditActions, fieldCodes, withoutRequestId } = suite;
  let { app, officer, asOfficer, asRussianOfficer, asTjOfficer, asAdmin, asDonor, course } = suite;
  beforeAll(() => ({ app, officer, asOfficer, asRussianOfficer, asTjOfficer, asAdmin, asDonor, course } = suite));

  describe('planning an event', () => {
    it('lets an officer plan an event in their country, audited, with its status named in their language', async () => {
      const res = await request('POST', '/events', asOfficer, osh());
      expect(res.statusCode).toBe(201);
      const event = res.json();
      expect(event).toMatchObject({
        courseId: course.id,
        courseTitle: 'Istanbul Protocol for forensic experts',
        countryCode: 'KG',
        regionCode: 'KG-GO',
        venue: 'Osh, hotel "Sunrise", conference hall',
        language: 'ru',
        startDate: '2025-05-12',
        endDate: '2025-05-15',
        capacity: 25,
        status: 'planned',
        statusLabel: 'Planned',
        enrolledCount: 0,
        anonymousParticipants: 0,
        sessions: [],
        trainers: [],
      });
      const [row] = await app.dataSource.query<{ actor_id: string; values: Record<string, unknown> }[]>(
        `SELECT actor_id, "values" FROM audit_log WHERE entity_type = 'training_event' AND entity_id = $1`,
        [event.id],
      );
      expect(row).toMatchObject({ actor_id: officer.id, values: { countryCode: 'KG', capacity: 25 } });

      const inRussian = await request('GET', `/events/${event.id}`, asRussianOfficer);
      expect(inRussian.json()).toMatchObject({
        statusLabel: 'Запланировано',
        courseTitle: 'Стамбульский протокол для судебно-медицинских экспертов',
      });
    });

    it('refuses bad dates, each on its field', async () => {
      const reversed = await request(
        'POST',
        '/events',
        asOfficer,
        osh({ startDate: '2025-05-15', endDate: '2025-05-12' }),
      );
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json<FieldErrors>().errors).toEqual([
        { field: 'endDate', code: 'period_reversed', message: 'must not be earlier than the start of the period.' },
      ]);
      const tooLong = await request(
        'POST',
        '/events',
        asOfficer,
        osh({ startDate: '2025-05-01', endDate: '2025-05-11' }),
      );
      expect(tooLong.json<FieldErrors>().errors).toEqual([
        { field: 'endDate', code: 'event_too_long', message: 'makes the event longer than 10 days.' },
      ]);
      const tenDays = await request(
        'POST',
        '/events',
        asOfficer,
        osh({ startDate: '2025-05-01', endDate: '2025-05-10' }),
      );
      expect(tenDays.statusCode).toBe(201);
      const notDates = await request(
        'POST',
        '/events',
        asOfficer,
        osh({ startDate: '2025-02-30', endDate: '2025-05-12T10:00:00Z' }),
      );
      expect(fieldCodes(notDates.json())).toEqual(['startDate:isDateString', 'endDate:isDateString']);

      const event = tenDays.json();
      const patched = await request('PATCH', `/events/${event.id}`, asOfficer, { startDate: '2025-05-11' });
      expect(patched.json<FieldErrors>().errors).toEqual([
        { field: 'startDate', code: 'start_after_end', message: 'must not be later than the end date.' },
      ]);
    });

    it('refuses over-long, wrong-typed and unknown fields, one error per field', async () => {
      const res = await request('POST', '/events', asOfficer, {
        courseId: 'not-a-uuid',
        countryCode: 'kg',
        regionCode: 'Osh',
        venue: 'x'.repeat(201),
        language: 'de',
        startDate: 20250512,
        endDate: '2025-05-15',
        capacity: '25',
        status: 'ongoing',
      });
      expect(res.statusCode).toBe(400);
      expect(fieldCodes(res.json())).toEqual(
        expect.arrayContaining([
          'courseId:isUuid',
          'countryCode:matches',
          'regionCode:matches',
          'venue:maxLength',
          'language:isEnum',
          'startDate:isDateString',
          'capacity:isInt',
          'status:whitelistValidation',
        ]),
      );
      const capacities = await Promise.all(
        [0, 501, 2.5].map((capacity) => request('POST', '/events', asOfficer, osh({ capacity }))),
      );
      expect(capacities.map((r) => fieldCodes(r.json()))).toEqual([
        ['capacity:min'],
        ['capacity:max'],
        ['capacity:isInt'],
      ]);
      const patch = await request('PATCH', `/events/${MISSING}`, asOfficer, { venue: null, anonymousParticipants: -1 });
      expect(fieldCodes(patch.json())).toEqual(expect.arrayContaining(['venue:isString', 'anonymousParticipants:min']));
    });

    it('refuses a country outside the scope, a region of another country and an unknown or retired course', async () => {
      const tj = await request('POST', '/events', asOfficer, osh({ countryCode: 'TJ', regionCode: undefined }));
      expect(fieldCodes(tj.json())).toEqual(['countryCode:country_out_of_scope']);
      const region = await request('POST', '/events', asOfficer, osh({ regionCode: 'TJ-SU' }));
      expect(region.json<FieldErrors>().errors).toEqual([
        { field: 'regionCode', code: 'region_not_in_country', message: 'is not a region of KG.' },
      ]);
      const unknown = await request('POST', '/events', asOfficer, osh({ courseId: MISSING }));
      expect(fieldCodes(unknown.json())).toEqual(['courseId:unknown_course']);
      const retired = await createCourse(app.dataSource);
      await app.dataSource.query('UPDATE courses SET active = false WHERE id = $1', [retired.id]);
      const onRetired = await request('POST', '/events', asOfficer, osh({ courseId: retired.id }));
      expect(fieldCodes(onRetired.json())).toEqual(['courseId:course_inactive']);
    });

    it('edits venue, dates, capacity, region, language and anonymous participants, audited', async () => {
      const event = (await request('POST', '/events', asOfficer, osh())).json();
      const res = await request('PATCH', `/events/${event.id}`, asOfficer, {
        venue: 'Osh State University, hall 2',
        startDate: '2025-05-13',
        endDate: '2025-05-16',
        capacity: 30,
        regionCode: null,
        language: 'ky',
        anonymousParticipants: 3,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        venue: 'Osh State University, hall 2',
        startDate: '2025-05-13',
        endDate: '2025-05-16',
        capacity: 30,
        regionCode: null,
        language: 'ky',
        anonymousParticipants: 3,
      });
      expect(await auditActions('training_event', event.id)).toEqual(['create', 'update']);
    });
  });

  describe('who sees which events', () => {
    it('answers a Kyrgyzstan officer 404 for a Tajikistan event, exactly as for one that does not exist', async () => {
      const tjEvent = (
        await request('POST', '/events', asTjOfficer, osh({ countryCode: 'TJ', regionCode: 'TJ-SU' }))
      ).json();
      expect(tjEvent.countryCode).toBe('TJ');
      const hidden = await request('GET', `/events/${tjEvent.id}`, asOfficer);
      const missing = await request('GET', `/events/${MISSING}`, asOfficer);
      expect(hidden.statusCode).toBe(404);
      expect(withoutRequestId(hidden.json())).toEqual(withoutRequestId(missing.json()));
      for (const [method, url, payload] of [
        ['PATCH', `/events/${tjEvent.id}`, { venue: 'Elsewhere' }],
        ['POST', `/events/${tjEvent.id}/status`, { status: 'cancelled' }],
        ['POST', `/events/${tjEvent.id}/sessions`, { date: '2025-05-12', startTime: '09:00', endTime: '10:00' }],
        ['GET', `/events/${tjEvent.id}/enrollments`, undefined],
      ] as const) {
        expect((await request(method, url, asOfficer, payload)).statusCode).toBe(404);
      }
      expect((await request('GET', `/events/${tjEvent.id}`, asAdmin)).statusCode).toBe(200);
    });

    it('lists events in the caller’s countries, filtered in SQL by country, status, course and dates', async () => {
      const own = await createCourse(app.dataSource);
      const may = (await request('POST', '/events', asOfficer, osh({ courseId: own.id }))).json();
      const june = (
        await request(
          'POST',
          '/events',
          asOfficer,
          osh({ courseId: own.id, startDate: '2025-06-02', endDate: '2025-06-04' }),
        )
      ).json();
      await request('POST', `/events/${june.id}/status`, asOfficer, { status: 'cancelled' });
      const tj = (
        await request(
          'POST',
          '/events',
          asAdmin,
          osh({
            courseId: own.id,
            countryCode: 'TJ',
            regionCode: undefined,
            startDate: '2025-05-20',
            endDate: '2025-05-22',
          }),
        )
      ).json();

      const ids = async (headers: Headers, query: string) => {
        const res = await request('GET', `/events?course=${own.id}${query}`, headers);
        expect(res.statusCode).toBe(200);
        return res.json<{ items: { id: string }[] }>().items.map((e) => e.id);
      };
      expect(await ids(asOfficer, '')).toEqual([may.id, june.id]);
      expect(await ids(asAdmin, '')).toEqual([may.id, tj.id, june.id]);
      expect(await ids(asAdmin, '&country=TJ')).toEqual([tj.id]);
      expect(await ids(asOfficer, '&country=TJ')).toEqual([]);
      expect(await ids(asOfficer, '&status=cancelled')).toEqual([june.id]);
      expect(await ids(asOfficer, '&from=2025-05-15&to=2025-05-31')).toEqual([may.id]);
      expect(await ids(asOfficer, '&from=2025-05-16')).toEqual([june.id]);
      expect(await ids(asOfficer, '&to=2025-05-11')).toEqual([]);

      const page = await request('GET', `/events?course=${own.id}&limit=1&page=2`, asAdmin);
      expect(page.json()).toMatchObject({
        total: 3,
        page: 2,
        limit: 1,
        items: [{ id: tj.id, statusLabel: 'Planned' }],
      });

      const reversed = await request('GET', '/events?from=2025-06-01&to=2025-05-01', asOfficer);
      expect(reversed.statusCode).toBe(400);
      expect(fieldCodes(reversed.json())).toEqual(['to:period_reversed']);
      const badFilters = await request('GET', '/events?status=done&course=7&from=yesterday', asOfficer);
      expect(fieldCodes(badFilters.json()).sort()).toEqual(['course:isUuid', 'from:isDateString', 'status:isEnum']);
    });

    it('shows a trainer only the events they teach, and 404 for any other', async () => {
      const own = await createCourse(app.dataSource);
      const trainer = await signedInTrainer();
      const taught = await createEvent(app.dataSource, { courseId: own.id });
      const other = await createEvent(app.dataSource, { courseId: own.id });
      const colleague = await createTrainer(app.dataSource, { fullName: 'Бакыт Осмонов' });
      await assignTrainer(app.dataSource, taught, trainer.trainerId, 'co_trainer');
      await assignTrainer(app.dataSource, taught, colleague, 'lead');
      await assignTrainer(app.dataSource, other, colleague, 'lead');
      await createSession(app.dataSource, taught, { moduleId: own.moduleIds[0] });
      await enroll(app.dataSource, taught, await createTrainee(app.dataSource));

      const list = await request('GET', `/events?course=${own.id}`, trainer.headers);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({ total: 1, items: [{ id: taught, enrolledCount: 1 }] });
      const all = await request('GET', '/events?limit=100', trainer.headers);
      expect(all.json().items.map((e: { id: string }) => e.id)).toEqual([taught]);

      const detail = await request('GET', `/events/${taught}`, trainer.headers);
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({
        enrolledCount: 1,
        sessions: [{ date: '2025-05-12', startTime: '09:00', endTime: '10:30', moduleTitle: 'Module 1' }],
        trainers: [
          { trainerId: colleague, fullName: 'Бакыт Осмонов', role: 'lead', roleLabel: 'Lead trainer' },
          { trainerId: trainer.trainerId, fullName: 'Асель Маматова', role: 'co_trainer', roleLabel: 'Co-trainer' },
        ],
      });
      const hidden = await request('GET', `/events/${other}`, trainer.headers);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().code).toBe('not_found');
      expect((await request('PATCH', `/events/${taught}`, trainer.headers, { venue: 'Mine' })).statusCode).toBe(403);
    });

    it('never shows donors an event', async () => {
      const eventId = await createEvent(app.dataSource);
      for (const url of ['/events', `/events/${eventId}`, `/events/${eventId}/enrollments`]) {
        const res = await request('GET', url, asDonor);
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
    });
  });

  describe('status', () => {
    it('moves planned → ongoing → completed, audited, and refuses any other move with the allowed ones', async () => {
      const event = (await request('POST', '/events', asOfficer, osh())).json();
      const skip = await request('POST', `/events/${event.id}/status`, asOfficer, { status: 'completed' });
      expect(skip.statusCode).toBe(409);
      expect(skip.json()).toMatchObject({
        code: 'status_transition_forbidden',
        message: 'An event cannot move from Planned to Completed. Allowed from Planned: Ongoing, Cancelled.',
      });

      const started = await request('POST', `/events/${event.id}/status`, asOfficer, { status: 'ongoing' });
      expect(started.statusCode).toBe(200);
      expect(started.json()).toMatchObject({ status: 'ongoing', statusLabel: 'Ongoing' });
      const back = await request('POST', `/events/${event.id}/status`, asRussianOfficer, { status: 'planned' });
      expect(back.json().message).toBe(
        'Мероприятие нельзя перевести из статуса «Идёт» в статус «Запланировано». Из статуса «Идёт» допустимо: Завершено, Отменено.',
      );
      const done = await request('POST', `/events/${event.id}/status`, asOfficer, { status: 'completed' });
      expect(done.json()).toMatchObject({ status: 'completed', statusLabel: 'Completed' });

      const after = await request('POST', `/events/${event.id}/status`, asOfficer, { status: 'cancelled' });
      expect(after.statusCode).toBe(409);
      expect(after.json().message).toBe(
        'An event cannot move from Completed to Cancelled. Allowed from Completed: none.',
      );
      const values = await app.dataSource.query<{ values: { status?: string } }[]>(
        `SELECT "values" FROM audit_log WHERE entity_type = 'training_event' AND entity_id = $1 AND action = 'update' ORDER BY id`,
        [event.id],
      );
      expect(values.map((row) => row.values.status)).toEqual(['ongoing', 'completed']);

      const bad = await request('POST', `/events/${event.id}/status`, asOfficer, { status: 'finished' });
      expect(fieldCodes(bad.json())).toEqual(['status:isEnum']);
    });

    it('keeps the plan of a completed or cancelled event, but still counts anonymous participants', async () => {
      const eventId = await createEvent(app.dataSource, { status: EventStatus.Completed });
      const venue = await request('PATCH', `/events/${eventId}`, asOfficer, { venue: 'Elsewhere' });
      expect(venue.statusCode).toBe(409);
      expect(venue.json().code).toBe('event_closed');
      const counted = await request('PATCH', `/events/${eventId}`, asOfficer, { anonymousParticipants: 4 });
      expect(counted.json()).toMatchObject({ anonymousParticipants: 4 });
      const session = await request('POST', `/events/${eventId}/sessions`, asOfficer, {
        date: '2025-05-12',
        startTime: '09:00',
        endTime: '10:00',
      });
      expect(session.json().code).toBe('event_closed');
    });
  });
});
