import { randomUUID } from 'node:crypto';

import { uniqueSurname } from '../factories/names.js';
import { type TraineeBody, uniqueName, useTraineesFixture } from '../support/trainees-fixture.js';

/** Registering a trainee (the fixture: test/support/trainees-fixture.ts). */
describe('trainees', () => {
  const suite = useTraineesFixture();
  const { register, validTrainee, auditRows } = suite;
  let { app, admin, kgOfficerUser, kgOfficer, kgOrganizationId, tjOrganizationId } = suite;
  beforeAll(() => ({ app, admin, kgOfficerUser, kgOfficer, kgOrganizationId, tjOrganizationId } = suite));

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
          message: 'нужно отметить: участник обучения записывается только с его согласия.',
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

    it('registers one person once when two officers register them at the same moment', async () => {
      const person = validTrainee({ fullName: `${uniqueSurname()} Айпери`, birthYear: 1990, notDuplicate: false });
      const answers = await Promise.all([register(kgOfficer, person), register(kgOfficer, person)]);
      expect(answers.map((res) => res.statusCode).sort()).toEqual([201, 409]);
      const [registered] = await app.dataSource.query<{ count: string }[]>(
        `SELECT count(*) FROM trainees WHERE full_name = $1`,
        [person.fullName],
      );
      expect(Number(registered.count)).toBe(1);
    });
  });
});
