import { randomUUID } from 'node:crypto';

import { Role } from '@cascade/auth';

import { TrainerLevel, TrainerStatus } from '../../src/modules/trainers/trainer.entity.js';
import { createTrainer } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { type Headers, NO_SUCH_ID, type Trainer, useTrainersFixture } from '../support/trainers-fixture.js';

/** Trainer records and trainers' accounts (the fixture: test/support/trainers-fixture.ts). */
describe('trainers', () => {
  const suite = useTrainersFixture();
  const { signedIn, call, addTrainer, auditOf, auditCountBy } = suite;
  let { app, admin, asAdmin, kgOfficer, asKgOfficer, asTjOfficer } = suite;
  beforeAll(() => ({ app, admin, asAdmin, kgOfficer, asKgOfficer, asTjOfficer } = suite));

  describe('records', () => {
    it('lets an officer add a trainer in their country, with a Latin name derived, labels in their language, and an audit row without the name', async () => {
      const trainer = await addTrainer(asKgOfficer, {
        fullName: '  Нурлан   Тоқтоғулов ',
        countryCode: 'KG',
        level: 'national',
        sex: 'male',
        languages: ['ky', 'ru', 'ky'],
      });
      expect(trainer).toMatchObject({
        fullName: 'Нурлан Тоқтоғулов',
        latinName: 'Nurlan Toktogulov',
        countryCode: 'KG',
        level: 'national',
        levelLabel: 'Национальный тренер',
        status: 'candidate',
        statusLabel: 'Кандидат',
        sex: 'male',
        languages: ['ky', 'ru'],
        userId: null,
        certified: false,
        trainedBy: [],
      });

      const rows = await auditOf('trainer', trainer.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'create', actor_id: kgOfficer.id });
      expect(rows[0].values).toMatchObject({ countryCode: 'KG', level: 'national', status: 'candidate' });
      expect(JSON.stringify(rows[0].values)).not.toMatch(/Nurlan|Нурлан/);
    });

    it('keeps a Latin name given by hand', async () => {
      const trainer = await addTrainer(asAdmin, {
        fullName: 'Ҷалолиддин Раҳимов',
        latinName: 'Jaloliddin Rakhimov',
        countryCode: 'TJ',
        level: 'master',
        status: 'active',
      });
      expect(trainer).toMatchObject({ latinName: 'Jaloliddin Rakhimov', levelLabel: 'Master trainer' });
    });

    it('answers bad input with a 400 for each field, and writes nothing', async () => {
      const { user, headers } = await signedIn(Role.ProgramOfficer, ['KG']);
      const res = await call('POST', '/trainers', headers, {
        fullName: 'Н'.repeat(201),
        latinName: 'Нурлан',
        countryCode: 'Kyrgyzstan',
        level: 'grand_master',
        sex: 'other',
        languages: ['ru', 'de'],
        email: 'trainer@example.org',
      });
      expect(res.statusCode).toBe(400);
      const errors = res.json<{ errors: { field: string; code: string; message: string }[] }>().errors;
      expect(errors.map((e) => [e.field, e.code])).toEqual(
        expect.arrayContaining([
          ['fullName', 'maxLength'],
          ['latinName', 'matches'],
          ['countryCode', 'matches'],
          ['level', 'isEnum'],
          ['sex', 'isEnum'],
          ['languages', 'isEnum'],
          ['email', 'whitelistValidation'],
        ]),
      );
      expect(errors.find((e) => e.field === 'fullName')?.message).toBe('must be at most 200 characters long.');
      expect(errors.find((e) => e.field === 'level')?.message).toBe(
        'choose one of: Master trainer or National trainer.',
      );

      const outside = await call('POST', '/trainers', headers, {
        fullName: 'Тест',
        countryCode: 'TJ',
        level: 'national',
      });
      expect(outside.json().errors).toEqual([
        { field: 'countryCode', code: 'country_out_of_scope', message: 'is not one of your countries.' },
      ]);
      const region = await call('POST', '/trainers', headers, {
        fullName: 'Тест',
        countryCode: 'KG',
        regionCode: 'TJ-SU',
        level: 'national',
      });
      expect(region.json().errors[0]).toMatchObject({ field: 'regionCode', code: 'region_not_in_country' });
      const organization = await call('POST', '/trainers', headers, {
        fullName: 'Тест',
        countryCode: 'KG',
        organizationId: NO_SUCH_ID,
        level: 'national',
      });
      expect(organization.json().errors[0]).toMatchObject({
        field: 'organizationId',
        code: 'organization_not_in_country',
        message: 'is not an organization in KG.',
      });
      expect(await auditCountBy(user.id)).toBe(0);
    });

    it('pages and filters the list in SQL, within the caller’s countries', async () => {
      const marker = randomUUID().slice(0, 8);
      const kg = [
        await createTrainer(app.dataSource, { fullName: `Асель Токтогулова ${marker}`, level: TrainerLevel.Master }),
        await createTrainer(app.dataSource, { fullName: `Бакыт Осмонов ${marker}`, status: TrainerStatus.Candidate }),
        await createTrainer(app.dataSource, { fullName: `Гүлнара Исаева ${marker}` }),
      ];
      const tj = await createTrainer(app.dataSource, { fullName: `Фарзона Каримова ${marker}`, countryCode: 'TJ' });
      const ids = (res: { json: () => { items: { id: string }[] } }) => res.json().items.map((t) => t.id);

      const all = await call('GET', `/trainers?search=${marker}`, asKgOfficer);
      expect(all.statusCode).toBe(200);
      expect(all.json()).toMatchObject({ total: 3, page: 1, limit: 20 });
      expect(ids(all)).toEqual(kg); // ordered by name
      const byAdmin = await call('GET', `/trainers?search=${marker}`, asAdmin);
      expect(ids(byAdmin)).toEqual([...kg, tj]);

      const paged = await call('GET', `/trainers?search=${marker}&limit=2&page=2`, asKgOfficer);
      expect(paged.json()).toMatchObject({ total: 3, page: 2, limit: 2 });
      expect(ids(paged)).toEqual([kg[2]]);

      expect(ids(await call('GET', `/trainers?search=${marker}&level=master`, asKgOfficer))).toEqual([kg[0]]);
      expect(ids(await call('GET', `/trainers?search=${marker}&status=candidate`, asKgOfficer))).toEqual([kg[1]]);
      expect(ids(await call('GET', `/trainers?search=${marker}&country=TJ`, asKgOfficer))).toEqual([]);
      expect(ids(await call('GET', `/trainers?search=${marker}&country=TJ`, asAdmin))).toEqual([tj]);

      // The factory writes the Latin name "Asel Mamatova": a Latin search finds the Latin name.
      const latin = await call('GET', `/trainers?search=asel mamatova&limit=100`, asKgOfficer);
      expect(ids(latin)).toContain(kg[0]);
      const bad = await call('GET', '/trainers?level=grand&limit=1000', asKgOfficer);
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['level', 'limit']);
    });

    it('finds a Cyrillic spelling variant through the Latin name', async () => {
      const trainer = await addTrainer(asKgOfficer, {
        fullName: `Айбек Токтогулов`,
        countryCode: 'KG',
        level: 'national',
      });
      const res = await call('GET', `/trainers?search=${encodeURIComponent('Тоқтоғулов')}&limit=100`, asKgOfficer);
      expect(res.json().items.map((t: { id: string }) => t.id)).toContain(trainer.id);
    });

    it('answers 404 for a trainer of another country, exactly as for one that does not exist', async () => {
      const tjTrainer = await addTrainer(asTjOfficer, {
        fullName: 'Зарина Назарова',
        countryCode: 'TJ',
        level: 'national',
      });
      expect(tjTrainer.levelLabel).toBe('Тренери миллӣ');
      const hidden = await call('GET', `/trainers/${tjTrainer.id}`, asKgOfficer);
      const missing = await call('GET', `/trainers/${NO_SUCH_ID}`, asKgOfficer);
      expect(hidden.statusCode).toBe(404);
      expect({ ...hidden.json(), requestId: null }).toEqual({ ...missing.json(), requestId: null });
      expect((await call('PATCH', `/trainers/${tjTrainer.id}`, asKgOfficer, { level: 'master' })).statusCode).toBe(404);
      expect((await call('GET', `/trainers/${tjTrainer.id}/cascade`, asKgOfficer)).statusCode).toBe(404);
      expect((await call('GET', `/trainers/${tjTrainer.id}`, asTjOfficer)).statusCode).toBe(200);
    });

    it('lets an officer correct a trainer, audited; the derived Latin name follows a new spelling', async () => {
      const [organization] = await app.dataSource.query<{ id: string }[]>(
        `INSERT INTO organizations (name, type, country_code) VALUES ('Бюро СМЭ', 'forensic_bureau', 'KG') RETURNING id`,
      );
      const trainer = await addTrainer(asKgOfficer, {
        fullName: 'Токтогулов Нурлан',
        countryCode: 'KG',
        level: 'national',
      });
      const res = await call('PATCH', `/trainers/${trainer.id}`, asKgOfficer, {
        fullName: 'Тоқтоғулов Нурлан Асанович',
        sex: 'male',
        level: 'master',
        status: 'active',
        languages: ['ru'],
        regionCode: 'KG-N',
        organizationId: organization.id,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        fullName: 'Тоқтоғулов Нурлан Асанович',
        latinName: 'Toktogulov Nurlan Asanovich',
        level: 'master',
        levelLabel: 'Мастер-тренер',
        status: 'active',
        statusLabel: 'Действующий',
        regionCode: 'KG-N',
        organizationId: organization.id,
      });

      const typed = await call('PATCH', `/trainers/${trainer.id}`, asKgOfficer, { latinName: 'Nurlan Toktogulov' });
      expect(typed.json().latinName).toBe('Nurlan Toktogulov');
      const renamed = await call('PATCH', `/trainers/${trainer.id}`, asKgOfficer, { fullName: 'Тоқтоғулов Нурлан' });
      expect(renamed.json().latinName).toBe('Nurlan Toktogulov');
      const cleared = await call('PATCH', `/trainers/${trainer.id}`, asKgOfficer, { regionCode: null });
      expect(cleared.json().regionCode).toBeNull();

      const rows = await auditOf('trainer', trainer.id);
      expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'update', 'update', 'update']);
      expect(rows[1].changed_fields.sort()).toEqual(
        ['fullName', 'languages', 'latinName', 'level', 'organizationId', 'regionCode', 'sex', 'status'].sort(),
      );
      expect(rows[1].values).toEqual({
        sex: 'male',
        level: 'master',
        status: 'active',
        languages: ['ru'],
        regionCode: 'KG-N',
        organizationId: organization.id,
      });

      const before = (await auditOf('trainer', trainer.id)).length;
      const refused = await call('PATCH', `/trainers/${trainer.id}`, asKgOfficer, {
        level: null,
        status: 'retired',
        fullName: 'x'.repeat(201),
      });
      expect(refused.statusCode).toBe(400);
      expect(
        refused
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['fullName', 'level', 'status']);
      const wrongRegion = await call('PATCH', `/trainers/${trainer.id}`, asKgOfficer, { regionCode: 'TJ-SU' });
      expect(wrongRegion.statusCode).toBe(400);
      expect((await auditOf('trainer', trainer.id)).length).toBe(before);
    });
  });

  describe('the trainer’s account', () => {
    let trainerUser: TestUser;
    let asTrainer: Headers;
    let trainer: Trainer;

    beforeAll(async () => {
      ({ user: trainerUser, headers: asTrainer } = await signedIn(Role.Trainer, ['KG'], 'ky'));
      trainer = await addTrainer(asKgOfficer, { fullName: 'Айгүл Бообекова', countryCode: 'KG', level: 'national' });
    });

    it('is linked by an admin only, to a trainer account of the trainer’s country', async () => {
      const byOfficer = await call('PATCH', `/trainers/${trainer.id}`, asKgOfficer, { userId: trainerUser.id });
      expect(byOfficer.statusCode).toBe(403);
      expect(byOfficer.json()).toMatchObject({
        code: 'trainer_account_admin_only',
        message: 'Связать учётную запись с тренером может только администратор.',
      });

      const donorAccount = await createUser(app.dataSource, { role: Role.Donor, countries: ['KG'] });
      const tjTrainerAccount = await createUser(app.dataSource, { role: Role.Trainer, countries: ['TJ'] });
      const refusals = [
        [NO_SUCH_ID, 'unknown_user'],
        [donorAccount.id, 'user_not_trainer'],
        [tjTrainerAccount.id, 'account_country_mismatch'],
      ];
      for (const [userId, code] of refusals) {
        const res = await call('PATCH', `/trainers/${trainer.id}`, asAdmin, { userId });
        expect(res.statusCode).toBe(400);
        expect(res.json().errors).toEqual([expect.objectContaining({ field: 'userId', code })]);
      }

      const linked = await call('PATCH', `/trainers/${trainer.id}`, asAdmin, { userId: trainerUser.id });
      expect(linked.statusCode).toBe(200);
      expect(linked.json().userId).toBe(trainerUser.id);
      const [row] = (await auditOf('trainer', trainer.id)).slice(-1);
      expect(row).toMatchObject({ action: 'update', actor_id: admin.id, values: { userId: trainerUser.id } });
    });

    it('shows the trainer their own record, in their language, and nothing else', async () => {
      const me = await call('GET', '/trainers/me', asTrainer);
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ id: trainer.id, levelLabel: 'Улуттук тренер', statusLabel: 'Талапкер' });
      expect((await call('GET', `/trainers/${trainer.id}`, asTrainer)).statusCode).toBe(200);

      const list = await call('GET', '/trainers?limit=100', asTrainer);
      expect(list.json()).toMatchObject({ total: 1, items: [{ id: trainer.id }] });

      const colleague = await createTrainer(app.dataSource, { countryCode: 'KG' });
      const other = await call('GET', `/trainers/${colleague}`, asTrainer);
      expect(other.statusCode).toBe(404);
      expect(other.json().code).toBe('not_found');
      expect((await call('GET', `/trainers/${colleague}/cascade`, asTrainer)).statusCode).toBe(404);

      const create = await call('POST', '/trainers', asTrainer, {
        fullName: 'Өзүм',
        countryCode: 'KG',
        level: 'master',
      });
      expect(create.statusCode).toBe(403);
      expect(create.json().code).toBe('forbidden');
      const edit = await call('PATCH', `/trainers/${trainer.id}`, asTrainer, { status: 'active' });
      expect(edit.statusCode).toBe(403);
      const step = await call('PUT', `/trainers/${trainer.id}/requirements/observed`, asTrainer, {
        state: 'passed',
        effectiveOn: '2025-05-15',
      });
      expect(step.statusCode).toBe(403);
    });

    it('refuses a second trainer for the same account with 409, naming the first', async () => {
      const second = await addTrainer(asKgOfficer, { fullName: 'Второй Тренер', countryCode: 'KG', level: 'national' });
      const res = await call('PATCH', `/trainers/${second.id}`, asAdmin, { userId: trainerUser.id });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({
        code: 'trainer_account_taken',
        message: 'This account is already linked to another trainer: Айгүл Бообекова.',
      });
      expect((await auditOf('trainer', second.id)).map((r) => r.action)).toEqual(['create']);
    });

    it('answers a trainer with no linked record 404 on /trainers/me, and after unlinking too', async () => {
      const { headers } = await signedIn(Role.Trainer, ['KG']);
      const none = await call('GET', '/trainers/me', headers);
      expect(none.statusCode).toBe(404);
      expect(none.json()).toMatchObject({
        code: 'no_trainer_record',
        message: 'No trainer record is linked to your account yet. Ask an administrator to link it.',
      });

      const unlinked = await call('PATCH', `/trainers/${trainer.id}`, asAdmin, { userId: null });
      expect(unlinked.json().userId).toBeNull();
      expect((await call('GET', '/trainers/me', asTrainer)).json().code).toBe('no_trainer_record');
      expect((await call('GET', `/trainers/${trainer.id}`, asTrainer)).statusCode).toBe(404);
      expect((await call('GET', '/trainers', asTrainer)).json().total).toBe(0);
    });
  });
});
