import { randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';

import { assignTrainer, createEvent, createTrainee, createTrainer, enroll } from '../factories/training.js';
import { type TraineeBody, uniqueName, useTraineesFixture } from '../support/trainees-fixture.js';

/** Reading trainees, and their OpenAPI description (the fixture: test/support/trainees-fixture.ts). */
describe('trainees', () => {
  const suite = useTraineesFixture();
  const { signedIn, register, validTrainee, withoutRequestId } = suite;
  let { app, admin, kgOfficer, tjOfficer, donor, kgOrganizationId } = suite;
  beforeAll(() => ({ app, admin, kgOfficer, tjOfficer, donor, kgOrganizationId } = suite));

  describe('reading trainees', () => {
    it('answers an officer 404 for a trainee of another country, exactly as for one that does not exist', async () => {
      const tjTrainee = await createTrainee(app.dataSource, { countryCode: 'TJ' });
      expect((await app.request({ method: 'GET', url: `/trainees/${tjTrainee}`, headers: tjOfficer })).statusCode).toBe(
        200,
      );

      const hidden = await app.request({ method: 'GET', url: `/trainees/${tjTrainee}`, headers: kgOfficer });
      const missing = await app.request({ method: 'GET', url: `/trainees/${randomUUID()}`, headers: kgOfficer });
      expect(hidden.statusCode).toBe(404);
      expect(withoutRequestId(hidden)).toEqual(withoutRequestId(missing));

      for (const request of [
        { method: 'PATCH' as const, url: `/trainees/${tjTrainee}`, payload: { profession: 'judge' } },
        { method: 'POST' as const, url: `/trainees/${tjTrainee}/withdraw-consent` },
      ]) {
        const res = await app.request({ ...request, headers: kgOfficer });
        expect(res.statusCode).toBe(404);
        expect(withoutRequestId(res)).toEqual(withoutRequestId(missing));
      }

      const list = await app.request({ method: 'GET', url: '/trainees?limit=100&country=TJ', headers: kgOfficer });
      expect(list.json()).toMatchObject({ items: [], total: 0 });
    });

    it('pages and filters in SQL, and finds a name under its other spellings', async () => {
      // Unique letters, not digits: the search compares names' letters (their name keys).
      const surname = `Тоқтоғулова${[...randomUUID().replace(/-/g, '').slice(0, 6)].map((digit) => 'бвгдзклмнпрстфхш'[parseInt(digit, 16)]).join('')}`;
      const ids: string[] = [];
      for (const [sex, profession] of [
        ['female', 'judge'],
        ['female', 'forensic_expert'],
        ['male', 'judge'],
      ]) {
        const res = await register(
          kgOfficer,
          validTrainee({ fullName: `${surname} Айгүл`, sex, profession, organizationId: kgOrganizationId }),
        );
        ids.push(res.json<TraineeBody>().id);
      }
      const list = (query: string) =>
        app.request({ method: 'GET', url: `/trainees?${query}`, headers: kgOfficer }).then((res) => {
          expect(res.statusCode).toBe(200);
          return res.json<{ items: TraineeBody[]; total: number; page: number; limit: number }>();
        });

      const search = encodeURIComponent(surname);
      expect((await list(`search=${search}`)).total).toBe(3);
      expect((await list(`search=${search}&sex=female`)).total).toBe(2);
      expect((await list(`search=${search}&sex=female&profession=judge`)).items.map((t) => t.id)).toEqual([ids[0]]);
      expect((await list(`search=${search}&organization=${kgOrganizationId}&country=KG`)).total).toBe(3);
      expect((await list(`search=${search}&region=KG-GB`)).total).toBe(0);

      const paged = await list(`search=${search}&limit=2&page=2`);
      expect(paged).toMatchObject({ total: 3, page: 2, limit: 2 });
      expect(paged.items).toHaveLength(1);

      // Без қ and ғ, and in Latin letters: the same people.
      const plain = surname.replace('қ', 'к').replace('ғ', 'г');
      expect((await list(`search=${encodeURIComponent(plain)}`)).total).toBe(3);
      const latin = `Toktogulova${surname.slice('Тоқтоғулова'.length)}`;
      expect((await list(`search=${encodeURIComponent(latin.toLowerCase())}`)).total).toBe(3);

      // LIKE's wildcards are searched for as text, not as patterns.
      expect((await list('search=%25')).total).toBe(0);
      expect((await list('search=_')).total).toBe(0);

      const bad = await app.request({
        method: 'GET',
        url: '/trainees?profession=astrologer&limit=500',
        headers: admin,
      });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['limit', 'profession']);
    });

    it('shows a trainer only the trainees enrolled in the events they teach', async () => {
      const trainer = await signedIn(Role.Trainer, ['KG']);
      const trainerId = await createTrainer(app.dataSource, { userId: trainer.user.id });
      const otherTrainerId = await createTrainer(app.dataSource);
      const ownEvent = await createEvent(app.dataSource);
      const otherEvent = await createEvent(app.dataSource);
      await assignTrainer(app.dataSource, ownEvent, trainerId);
      await assignTrainer(app.dataSource, otherEvent, otherTrainerId);

      const mine = await createTrainee(app.dataSource);
      const alsoMine = await createTrainee(app.dataSource);
      const notEnrolled = await createTrainee(app.dataSource);
      const othersTrainee = await createTrainee(app.dataSource);
      await enroll(app.dataSource, ownEvent, mine);
      await enroll(app.dataSource, ownEvent, alsoMine);
      await enroll(app.dataSource, otherEvent, alsoMine);
      await enroll(app.dataSource, otherEvent, othersTrainee);

      const list = await app.request({ method: 'GET', url: '/trainees?limit=100', headers: trainer.headers });
      expect(list.statusCode).toBe(200);
      expect(
        list
          .json<{ items: TraineeBody[] }>()
          .items.map((t) => t.id)
          .sort(),
      ).toEqual([mine, alsoMine].sort());
      expect(list.json().total).toBe(2);

      const get = (id: string) => app.request({ method: 'GET', url: `/trainees/${id}`, headers: trainer.headers });
      expect((await get(mine)).statusCode).toBe(200);
      expect((await get(notEnrolled)).statusCode).toBe(404);
      expect((await get(othersTrainee)).statusCode).toBe(404);

      // The officer of the country sees them all.
      for (const id of [mine, notEnrolled, othersTrainee]) {
        expect((await app.request({ method: 'GET', url: `/trainees/${id}`, headers: kgOfficer })).statusCode).toBe(200);
      }

      // A trainer may not correct a record or withdraw a consent.
      const patch = await app.request({
        method: 'PATCH',
        url: `/trainees/${mine}`,
        headers: trainer.headers,
        payload: { profession: 'judge' },
      });
      expect(patch.statusCode).toBe(403);
      const withdraw = await app.request({
        method: 'POST',
        url: `/trainees/${mine}/withdraw-consent`,
        headers: trainer.headers,
      });
      expect(withdraw.statusCode).toBe(403);
    });

    it('lets a trainer register a walk-in participant in their own country only', async () => {
      const trainer = await signedIn(Role.Trainer, ['KG']);
      const walkIn = await register(trainer.headers, validTrainee({ fullName: uniqueName('Мамытова Айжан') }));
      expect(walkIn.statusCode).toBe(201);
      const [row] = await app.dataSource.query<{ consent_recorded_by_id: string }[]>(
        'SELECT consent_recorded_by_id FROM trainees WHERE id = $1',
        [walkIn.json<TraineeBody>().id],
      );
      expect(row.consent_recorded_by_id).toBe(trainer.user.id);

      const abroad = await register(trainer.headers, validTrainee({ countryCode: 'TJ' }));
      expect(abroad.statusCode).toBe(400);
      expect(abroad.json().errors[0]).toMatchObject({ field: 'countryCode', code: 'country_out_of_scope' });
    });

    it('refuses a donor every trainees route, with 403', async () => {
      const trainee = await createTrainee(app.dataSource);
      const requests = [
        { method: 'GET' as const, url: '/trainees' },
        { method: 'GET' as const, url: `/trainees/${trainee}` },
        { method: 'POST' as const, url: '/trainees', payload: validTrainee() },
        { method: 'PATCH' as const, url: `/trainees/${trainee}`, payload: { profession: 'judge' } },
        { method: 'POST' as const, url: `/trainees/${trainee}/withdraw-consent` },
      ];
      for (const request of requests) {
        const res = await app.request({ ...request, headers: donor });
        expect({ route: `${request.method} ${request.url}`, status: res.statusCode, code: res.json().code }).toEqual({
          route: `${request.method} ${request.url}`,
          status: 403,
          code: 'forbidden',
        });
      }
    });
  });

  it('is documented in the OpenAPI document, with the consent and the labels', async () => {
    const document = (await app.request({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.paths['/trainees/{id}/withdraw-consent'].post.responses).toHaveProperty('200');
    expect(document.paths['/trainees'].post.responses).toHaveProperty('400');
    const schema = document.components.schemas.TraineeResponseDto;
    expect(schema.required).toEqual(
      expect.arrayContaining(['fullName', 'sexLabel', 'professionLabel', 'consent', 'anonymised']),
    );
    expect(document.components.schemas.CreateTraineeDto.required).toEqual(
      expect.arrayContaining(['fullName', 'sex', 'profession', 'countryCode', 'consentGiven']),
    );
  });
});
