import { createEvent, enroll } from '../factories/training.js';
import { type TraineeBody, uniqueName, useTraineesFixture } from '../support/trainees-fixture.js';

/** Correcting a record and withdrawing consent (the fixture: test/support/trainees-fixture.ts). */
describe('trainees', () => {
  const suite = useTraineesFixture();
  const { register, validTrainee, auditRows } = suite;
  let { app, admin, kgOfficerUser, kgOfficer, kgOrganizationId } = suite;
  beforeAll(() => ({ app, admin, kgOfficerUser, kgOfficer, kgOrganizationId } = suite));

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
