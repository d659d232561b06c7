import { Role } from '@cascade/auth';

import { seedDemoData } from '../../src/demo/demo-data.js';
import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { TrainerStatus } from '../../src/modules/trainers/trainer.entity.js';
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
import { startTestApp, type TestApp } from '../support/test-app.js';

type Headers = Record<string, string>;
type FieldErrors = { errors: { field: string; code: string; message: string }[] };

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('training events', () => {
  let app: TestApp;
  let officer: TestUser;
  let asOfficer: Headers;
  let asRussianOfficer: Headers;
  let asTjOfficer: Headers;
  let asAdmin: Headers;
  let asDonor: Headers;
  let course: { id: string; moduleIds: string[] };

  const signedIn = async (role: Role, countries: string[], locale = 'en') => {
    const user = await createUser(app.dataSource, { role, countries, locale });
    return { user, headers: bearer((await signIn(app, user)).accessToken) };
  };

  /** A trainer with an account, signed in: the trainers' own feature is built elsewhere. */
  const signedInTrainer = async (countryCode = 'KG', fullName = 'Асель Маматова') => {
    const { user, headers } = await signedIn(Role.Trainer, [countryCode]);
    const trainerId = await createTrainer(app.dataSource, { userId: user.id, countryCode, fullName });
    return { user, headers, trainerId };
  };

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemoData(app.dataSource);
    ({ user: officer, headers: asOfficer } = await signedIn(Role.ProgramOfficer, ['KG']));
    asRussianOfficer = (await signedIn(Role.ProgramOfficer, ['KG'], 'ru')).headers;
    asTjOfficer = (await signedIn(Role.ProgramOfficer, ['TJ'])).headers;
    asAdmin = (await signedIn(Role.Admin, [])).headers;
    asDonor = (await signedIn(Role.Donor, ['KG'])).headers;
    course = await createCourse(app.dataSource, { modules: 3 });
  });
  afterAll(() => app.close());

  const request = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: object,
  ) => app.request({ method, url, headers, ...(payload ? { payload } : {}) });

  const osh = (overrides: object = {}) => ({
    courseId: course.id,
    countryCode: 'KG',
    regionCode: 'KG-GO',
    venue: 'Osh, hotel "Sunrise", conference hall',
    language: 'ru',
    startDate: '2025-05-12',
    endDate: '2025-05-15',
    capacity: 25,
    ...overrides,
  });

  const auditActions = async (entityType: string, entityId: string) =>
    (
      await app.dataSource.query<{ action: string; actor_id: string | null }[]>(
        'SELECT action, actor_id FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id',
        [entityType, entityId],
      )
    ).map((row) => row.action);

  const fieldCodes = (body: FieldErrors) => body.errors.map((e) => `${e.field}:${e.code}`);

  /** An error answer without its request id, which differs on every request. */
  const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

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
      const typed = await request('POST', url, asOfficer, { date: '12.05.2025', startTime: '9am', endTime: '25:00' });
      expect(fieldCodes(typed.json())).toEqual(['date:isDateString', 'startTime:matches', 'endTime:matches']);
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
