import { randomUUID } from 'node:crypto';

import type { LightMyRequestResponse } from 'fastify';

import { Role } from '@cascade/auth';

import { seedDemoData } from '../../src/demo/demo-data.js';
import { assignTrainer, createEvent, createTrainee, createTrainer, enroll } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Headers = Record<string, string>;

interface TraineeBody {
  id: string;
  fullName: string | null;
  latinName: string | null;
  sex: string;
  sexLabel: string;
  profession: string;
  professionLabel: string;
  organizationId: string | null;
  countryCode: string;
  regionCode: string | null;
  birthYear: number | null;
  phone: string | null;
  email: string | null;
  preferredLanguage: string | null;
  consent: { givenAt: string | null; withdrawnAt: string | null };
  anonymised: boolean;
}

interface AuditRow {
  action: string;
  actor_id: string | null;
  changed_fields: string[];
  values: Record<string, unknown> | null;
  row_json: string;
}

/** A name no other test file uses, so a search or an audit scan finds only this test's rows. */
const uniqueName = (base: string) => `${base} ${randomUUID().slice(0, 6)}`;

describe('trainees', () => {
  let app: TestApp;
  let admin: Headers;
  let kgOfficerUser: TestUser;
  let kgOfficer: Headers;
  let tjOfficer: Headers;
  let donor: Headers;
  let kgOrganizationId: string;
  let tjOrganizationId: string;

  const signedIn = async (role: Role, countries: string[], locale = 'en') => {
    const user = await createUser(app.dataSource, { role, countries, locale });
    return { user, headers: bearer((await signIn(app, user)).accessToken) };
  };

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemoData(app.dataSource);
    admin = (await signedIn(Role.Admin, [])).headers;
    ({ user: kgOfficerUser, headers: kgOfficer } = await signedIn(Role.ProgramOfficer, ['KG'], 'ru'));
    tjOfficer = (await signedIn(Role.ProgramOfficer, ['TJ'])).headers;
    donor = (await signedIn(Role.Donor, ['KG', 'TJ'])).headers;
    const organization = async (headers: Headers, payload: object) =>
      (await app.request({ method: 'POST', url: '/organizations', headers, payload })).json<{ id: string }>().id;
    kgOrganizationId = await organization(kgOfficer, {
      name: 'Ошское бюро судебно-медицинской экспертизы (тест)',
      type: 'forensic_bureau',
      countryCode: 'KG',
      regionCode: 'KG-O',
    });
    tjOrganizationId = await organization(tjOfficer, {
      name: 'Бюрои экспертизаи тиббӣ-судии Суғд (тест)',
      type: 'forensic_bureau',
      countryCode: 'TJ',
    });
  });
  afterAll(() => app.close());

  const register = (headers: Headers, payload: object) =>
    app.request({ method: 'POST', url: '/trainees', headers, payload });

  const validTrainee = (overrides: object = {}) => ({
    fullName: uniqueName('Тоқтоғулов Нурлан'),
    sex: 'male',
    profession: 'forensic_expert',
    countryCode: 'KG',
    consentGiven: true,
    // The same names are registered many times here: duplicate detection has its own tests.
    notDuplicate: true,
    ...overrides,
  });

  const auditRows = (traineeId: string) =>
    app.dataSource.query<AuditRow[]>(
      `SELECT action, actor_id, changed_fields, "values", row_to_json(audit_log)::text AS row_json
         FROM audit_log WHERE entity_type = 'trainee' AND entity_id = $1 ORDER BY id`,
      [traineeId],
    );

  const withoutRequestId = (res: LightMyRequestResponse) => ({ ...res.json<object>(), requestId: null });

  describe('registering a trainee', () => {
    it('records the trainee with their consent, a derived Latin name and labels in the caller’s language', async () => {
      const fullName = uniqueName('  Тоқтоғулов   Нурлан ');
      const res = await register(kgOfficer, {
        fullName,
        sex: 'male',
        profession: 'forensic_expert',
        organizationId: kgOrganizationId,
        countryCode: 'KG',
        regionCode: 'KG-O',
        birthYear: 1984,
        phone: '+996 (555) 12-34-56',
        email: ' N.Toktogulov@Example.KG ',
        preferredLanguage: 'ky',
        consentGiven: true,
        // Other test files register namesakes in KG at the same time (name keys ignore the digits).
        notDuplicate: true,
      });
      expect(res.statusCode).toBe(201);
      const trainee = res.json<TraineeBody>();
      const suffix = fullName.trim().split(' ').pop() ?? '';
      expect(trainee).toMatchObject({
        fullName: `Тоқтоғулов Нурлан ${suffix}`,
        latinName: `Toktogulov Nurlan ${suffix}`,
        sex: 'male',
        sexLabel: 'Мужской',
        profession: 'forensic_expert',
        professionLabel: 'Судебно-медицинский эксперт',
        organizationId: kgOrganizationId,
        countryCode: 'KG',
        regionCode: 'KG-O',
        birthYear: 1984,
        phone: '+996555123456',
        email: 'n.toktogulov@example.kg',
        preferredLanguage: 'ky',
        consent: { givenAt: expect.any(String), withdrawnAt: null },
        anonymised: false,
      });
      expect(Date.now() - Date.parse(trainee.consent.givenAt ?? '')).toBeLessThan(60_000);

      const [row] = await app.dataSource.query<{ consent_recorded_by_id: string }[]>(
        'SELECT consent_recorded_by_id FROM trainees WHERE id = $1',
        [trainee.id],
      );
      expect(row.consent_recorded_by_id).toBe(kgOfficerUser.id);

      const audit = await auditRows(trainee.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'create',
        actor_id: kgOfficerUser.id,
        changed_fields: expect.arrayContaining(['fullName', 'latinName', 'phone', 'email', 'birthYear']),
        values: { sex: 'male', profession: 'forensic_expert', countryCode: 'KG', regionCode: 'KG-O' },
      });
      expect(audit[0].row_json).not.toContain('Тоқтоғулов');
      expect(audit[0].row_json).not.toContain('Toktogulov');
      expect(audit[0].row_json).not.toContain('555123456');
      expect(audit[0].row_json).not.toContain('example.kg');
    });

    it('keeps a Latin name given by the caller, and transliterates Ukrainian names by the Ukrainian standard', async () => {
      const given = await register(admin, validTrainee({ latinName: 'Toqtoghulov Nurlan' }));
      expect(given.json<TraineeBody>().latinName).toBe('Toqtoghulov Nurlan');

      const ukrainian = await register(admin, validTrainee({ fullName: 'Григорій Коваленко', countryCode: 'UA' }));
      expect(ukrainian.statusCode).toBe(201);
      expect(ukrainian.json<TraineeBody>()).toMatchObject({ latinName: 'Hryhorii Kovalenko', sexLabel: 'Male' });

      const tajik = await register(admin, validTrainee({ fullName: 'Ҷалолиддин Раҳимов', countryCode: 'TJ' }));
      expect(tajik.json<TraineeBody>().latinName).toBe('Jaloliddin Rahimov');
    });

    it('refuses a trainee without consent', async () => {
      const fullName = uniqueName('Осмонова Гүлнара');
      const refused = await register(kgOfficer, validTrainee({ fullName, consentGiven: false }));
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors).toEqual([
        {
          field: 'consentGiven',
          code: 'consent_required',
          message: 'должно быть true: участник обучения записывается только с его согласия.',
        },
      ]);
      const missing = await register(kgOfficer, { ...validTrainee({ fullName }), consentGiven: undefined });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors[0]).toMatchObject({ field: 'consentGiven', code: 'isDefined' });

      const rows = await app.dataSource.query('SELECT 1 FROM trainees WHERE full_name = $1', [fullName]);
      expect(rows).toHaveLength(0);
    });

    it('answers each bad field with a 400 naming it', async () => {
      const res = await register(kgOfficer, {
        ...validTrainee(),
        fullName: 'Ж'.repeat(201),
        birthYear: 1850,
        phone: 'call me after six',
        profession: 'astrologer',
        email: 'not-an-address',
      });
      expect(res.statusCode).toBe(400);
      const errors = res.json<{ errors: { field: string; code: string }[] }>().errors;
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'fullName', code: 'maxLength' }),
          expect.objectContaining({ field: 'birthYear', code: 'min' }),
          expect.objectContaining({ field: 'phone', code: 'matches' }),
          expect.objectContaining({ field: 'profession', code: 'isEnum' }),
          expect.objectContaining({ field: 'email', code: 'isEmail' }),
        ]),
      );

      const shortName = await register(kgOfficer, validTrainee({ fullName: ' А ' }));
      expect(shortName.json().errors).toEqual([expect.objectContaining({ field: 'fullName', code: 'minLength' })]);

      const nextYear = new Date().getFullYear() + 1;
      const future = await register(kgOfficer, validTrainee({ birthYear: nextYear }));
      expect(future.statusCode).toBe(400);
      expect(future.json().errors).toEqual([
        { field: 'birthYear', code: 'max', message: `должно быть не больше ${nextYear - 1}.` },
      ]);

      const cyrillicLatin = await register(kgOfficer, validTrainee({ latinName: 'Тоқтоғулов' }));
      expect(cyrillicLatin.json().errors).toEqual([
        expect.objectContaining({ field: 'latinName', code: 'latin_letters_only' }),
      ]);

      const unknownField = await register(kgOfficer, validTrainee({ passportNumber: 'AN1234567' }));
      expect(unknownField.json().errors).toEqual([
        expect.objectContaining({ field: 'passportNumber', code: 'whitelistValidation' }),
      ]);
    });

    it("refuses a country outside the caller's scope, and an organization or region of another country", async () => {
      const outside = await register(kgOfficer, validTrainee({ countryCode: 'TJ' }));
      expect(outside.statusCode).toBe(400);
      expect(outside.json().errors).toEqual([
        { field: 'countryCode', code: 'country_out_of_scope', message: 'не входит в ваши страны.' },
      ]);

      const places = await register(admin, validTrainee({ organizationId: tjOrganizationId, regionCode: 'TJ-SU' }));
      expect(places.statusCode).toBe(400);
      expect(places.json().errors).toEqual([
        { field: 'organizationId', code: 'organization_not_in_country', message: 'is not an organization in KG.' },
        { field: 'regionCode', code: 'region_not_in_country', message: 'is not a region of KG.' },
      ]);

      const unknownOrganization = await register(admin, validTrainee({ organizationId: randomUUID() }));
      expect(unknownOrganization.json().errors[0]).toMatchObject({ field: 'organizationId' });
    });
  });

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
      const surname = `Тоқтоғулова${randomUUID().slice(0, 4)}`;
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

  describe('correcting a record', () => {
    it('changes only the fields sent, lets a derived Latin name follow the name, and audits the change', async () => {
      const created = (await register(kgOfficer, validTrainee({ fullName: 'Жээнбеков Өмүрбек' }))).json<TraineeBody>();
      const patch = (payload: object, headers = kgOfficer) =>
        app.request({ method: 'PATCH', url: `/trainees/${created.id}`, headers, payload });

      const renamed = await patch({
        fullName: 'Жээнбеков Өмүрбек Асанович',
        profession: 'judge',
        phone: '+996700111222',
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json<TraineeBody>()).toMatchObject({
        fullName: 'Жээнбеков Өмүрбек Асанович',
        latinName: 'Zheenbekov Omurbek Asanovich',
        profession: 'judge',
        professionLabel: 'Судья',
        phone: '+996700111222',
        sex: 'male',
      });

      // A Latin name typed in (as in a passport) stays when the name is corrected.
      await patch({ latinName: 'Jeenbekov Omurbek' });
      const kept = await patch({ fullName: 'Жээнбеков Өмүрбек' });
      expect(kept.json<TraineeBody>().latinName).toBe('Jeenbekov Omurbek');
      // null asks for the transliteration again; null clears an optional field.
      const rederived = await patch({ latinName: null, phone: null });
      expect(rederived.json<TraineeBody>()).toMatchObject({ latinName: 'Zheenbekov Omurbek', phone: null });

      const nullName = await patch({ fullName: null });
      expect(nullName.statusCode).toBe(400);
      expect(nullName.json().errors).toContainEqual(expect.objectContaining({ field: 'fullName', code: 'isString' }));

      const moved = await patch({ countryCode: 'TJ' }, admin);
      expect(moved.statusCode).toBe(200);
      const outside = await patch({ countryCode: 'KG' });
      expect(outside.statusCode).toBe(404);
      const orgElsewhere = await patch({ organizationId: kgOrganizationId }, admin);
      expect(orgElsewhere.json().errors).toEqual([
        expect.objectContaining({ field: 'organizationId', code: 'organization_not_in_country' }),
      ]);
      expect((await patch({ countryCode: 'KG', organizationId: kgOrganizationId }, admin)).statusCode).toBe(200);
      const officerMovesAway = await patch({ countryCode: 'TJ' });
      expect(officerMovesAway.json().errors).toEqual([
        expect.objectContaining({ field: 'countryCode', code: 'country_out_of_scope' }),
      ]);

      const audit = await auditRows(created.id);
      expect(audit.map((row) => row.action)).toEqual([
        'create',
        'update',
        'update',
        'update',
        'update',
        'update',
        'update',
      ]);
      expect(audit[1]).toMatchObject({
        actor_id: kgOfficerUser.id,
        changed_fields: expect.arrayContaining(['fullName', 'latinName', 'profession', 'phone']),
        values: { profession: 'judge' },
      });
      const everything = audit.map((row) => row.row_json).join('\n');
      for (const erased of ['Жээнбеков', 'Zheenbekov', 'Jeenbekov', '700111222']) {
        expect(everything).not.toContain(erased);
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

  describe('withdrawing consent', () => {
    it('erases the name and contact in place, keeps the enrolments, audits no erased value, and is idempotent', async () => {
      const fullName = uniqueName('Раҳимова Шоҳида');
      const created = (
        await register(
          kgOfficer,
          validTrainee({
            fullName,
            sex: 'female',
            birthYear: 1979,
            phone: '+992900123456',
            email: 'shohida.rahimova@example.tj',
            organizationId: kgOrganizationId,
            regionCode: 'KG-O',
          }),
        )
      ).json<TraineeBody>();
      const latinName = created.latinName ?? '';
      expect(latinName).toMatch(/^Rahimova Shohida /);
      const firstEvent = await createEvent(app.dataSource);
      const secondEvent = await createEvent(app.dataSource, { startDate: '2025-09-01', endDate: '2025-09-03' });
      await enroll(app.dataSource, firstEvent, created.id);
      await enroll(app.dataSource, secondEvent, created.id);
      const enrolments = async () =>
        Number(
          (
            await app.dataSource.query<{ count: string }[]>('SELECT count(*) FROM enrollments WHERE trainee_id = $1', [
              created.id,
            ])
          )[0].count,
        );
      expect(await enrolments()).toBe(2);

      const withdraw = () =>
        app.request({ method: 'POST', url: `/trainees/${created.id}/withdraw-consent`, headers: kgOfficer });
      const first = await withdraw();
      expect(first.statusCode).toBe(200);
      const withdrawn = first.json<TraineeBody>();
      expect(withdrawn).toMatchObject({
        id: created.id,
        fullName: null,
        latinName: null,
        birthYear: null,
        phone: null,
        email: null,
        anonymised: true,
        sex: 'female',
        profession: 'forensic_expert',
        organizationId: kgOrganizationId,
        countryCode: 'KG',
        regionCode: 'KG-O',
        consent: { givenAt: created.consent.givenAt, withdrawnAt: expect.any(String) },
      });

      const [row] = await app.dataSource.query<Record<string, unknown>[]>('SELECT * FROM trainees WHERE id = $1', [
        created.id,
      ]);
      expect(row).toMatchObject({ full_name: null, latin_name: null, birth_year: null, phone: null, email: null });
      expect(row.consent_withdrawn_at).not.toBeNull();
      expect(await enrolments()).toBe(2);

      const second = await withdraw();
      expect(second.statusCode).toBe(200);
      expect(second.json()).toEqual(withdrawn);

      const read = await app.request({ method: 'GET', url: `/trainees/${created.id}`, headers: kgOfficer });
      expect(read.json()).toEqual(withdrawn);

      const audit = await auditRows(created.id);
      expect(audit.map((r) => r.action)).toEqual(['create', 'update']);
      expect(audit[1].changed_fields.sort()).toEqual(
        // nameKey: the duplicate-detection key derived from the name, erased with it.
        ['birthYear', 'consentWithdrawnAt', 'email', 'fullName', 'latinName', 'nameKey', 'phone'].sort(),
      );
      expect(Object.keys(audit[1].values ?? {})).toEqual(['consentWithdrawnAt']);
      const everything = audit.map((r) => r.row_json).join('\n');
      for (const erased of [fullName, fullName.split(' ')[0], latinName, '900123456', 'rahimova@example']) {
        expect(everything).not.toContain(erased);
      }
    });

    it('refuses a name or contact for a withdrawn trainee with 409, but lets the anonymous fields be corrected', async () => {
      const created = (await register(kgOfficer, validTrainee())).json<TraineeBody>();
      await app.request({ method: 'POST', url: `/trainees/${created.id}/withdraw-consent`, headers: admin });
      const patch = (payload: object) =>
        app.request({ method: 'PATCH', url: `/trainees/${created.id}`, headers: kgOfficer, payload });

      for (const payload of [
        { fullName: 'Тоқтоғулов Нурлан' },
        { latinName: 'Toktogulov Nurlan' },
        { phone: '+996555000111' },
        { email: 'n@example.kg' },
        { birthYear: 1980 },
      ]) {
        const res = await patch(payload);
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({
          code: 'consent_withdrawn',
          message: 'Участник обучения отозвал согласие: его имя и контактные данные нельзя записать снова.',
        });
      }
      const corrected = await patch({ profession: 'psychiatrist', sex: 'not_recorded' });
      expect(corrected.statusCode).toBe(200);
      expect(corrected.json<TraineeBody>()).toMatchObject({
        fullName: null,
        anonymised: true,
        profession: 'psychiatrist',
        sexLabel: 'Не указан',
      });
    });
  });
});
