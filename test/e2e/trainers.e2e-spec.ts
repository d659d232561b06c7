import { randomUUID } from 'node:crypto';

import type { InjectOptions } from 'fastify';

import { Role } from '@cascade/auth';

import { seedDemoData } from '../../src/demo/demo-data.js';
import { TrainerLevel, TrainerStatus } from '../../src/modules/trainers/trainer.entity.js';
import { assignTrainer, createEvent, createTrainee, createTrainer, enroll } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Headers = Record<string, string>;

interface Trainer {
  id: string;
  fullName: string;
  latinName: string;
  countryCode: string;
  level: string;
  levelLabel: string;
  status: string;
  statusLabel: string;
  userId: string | null;
  certificationSteps: { step: string; stepLabel: string; done: boolean; completedOn: string | null }[];
  eligibleForCertification: boolean;
  trainedBy: { trainerId: string; name: string | null; eventId: string | null }[];
}

interface AuditRow {
  action: string;
  actor_id: string | null;
  changed_fields: string[];
  values: Record<string, unknown> | null;
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const nextYear = `${new Date().getUTCFullYear() + 1}-01-15`;

describe('trainers', () => {
  let app: TestApp;
  let admin: TestUser;
  let asAdmin: Headers;
  let kgOfficer: TestUser;
  let asKgOfficer: Headers;
  let asTjOfficer: Headers;
  let asDonor: Headers;

  const signedIn = async (role: Role, countries: string[], locale = 'en') => {
    const user = await createUser(app.dataSource, { role, countries, locale });
    return { user, headers: bearer((await signIn(app, user)).accessToken) };
  };

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemoData(app.dataSource); // regions and organisations
    ({ user: admin, headers: asAdmin } = await signedIn(Role.Admin, []));
    ({ user: kgOfficer, headers: asKgOfficer } = await signedIn(Role.ProgramOfficer, ['KG'], 'ru'));
    ({ headers: asTjOfficer } = await signedIn(Role.ProgramOfficer, ['TJ'], 'tg'));
    ({ headers: asDonor } = await signedIn(Role.Donor, ['KG', 'TJ', 'UA']));
  });
  afterAll(() => app.close());

  const call = (method: InjectOptions['method'], url: string, headers: Headers, payload?: object) =>
    app.request({ method, url, headers, ...(payload ? { payload } : {}) });

  const addTrainer = async (headers: Headers, payload: object): Promise<Trainer> => {
    const res = await call('POST', '/trainers', headers, payload);
    expect(res.statusCode).toBe(201);
    return res.json<Trainer>();
  };

  /** Audit rows about one record, oldest first. */
  const auditOf = (entityType: string, entityId: string) =>
    app.dataSource.query<AuditRow[]>(
      `SELECT action, actor_id, changed_fields, "values" FROM audit_log
        WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, entityId],
    );

  /** Rows written by one user about trainers, their links and steps: a user made for one test. */
  const auditCountBy = async (actorId: string) => {
    const [{ count }] = await app.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit_log
        WHERE actor_id = $1 AND entity_type IN ('trainer', 'trainer_link', 'certification_step')`,
      [actorId],
    );
    return count;
  };

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
        eligibleForCertification: false,
        trainedBy: [],
      });
      expect(trainer.certificationSteps.map((s) => [s.step, s.stepLabel, s.done])).toEqual([
        ['tot_completed', 'Курс подготовки тренеров пройден', false],
        ['co_taught', 'Тренинг проведён в паре с тренером', false],
        ['observed', 'Наблюдение пройдено', false],
      ]);

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
      expect(errors.find((e) => e.field === 'level')?.message).toBe('must be one of: master, national.');

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
      const step = await call('PUT', `/trainers/${trainer.id}/certification-steps/observed`, asTrainer, {
        completedOn: '2025-05-15',
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

  describe('who trained whom', () => {
    const link = (headers: Headers, id: string, payload: object) =>
      call('POST', `/trainers/${id}/trained-by`, headers, payload);

    it('records a link, audited, and shows it on the trainer', async () => {
      const master = await addTrainer(asKgOfficer, { fullName: 'Эрмек Сыдыков', countryCode: 'KG', level: 'master' });
      const national = await addTrainer(asKgOfficer, {
        fullName: 'Жылдыз Каримова',
        countryCode: 'KG',
        level: 'national',
      });
      const event = await createEvent(app.dataSource, { countryCode: 'KG' });
      const res = await link(asKgOfficer, national.id, { trainedById: master.id, eventId: event });
      expect(res.statusCode).toBe(201);
      expect(res.json().trainedBy).toEqual([{ trainerId: master.id, name: 'Эрмек Сыдыков', eventId: event }]);
      expect((await call('GET', `/trainers/${national.id}`, asKgOfficer)).json().trainedBy).toHaveLength(1);

      const [{ id: linkId }] = await app.dataSource.query<{ id: string }[]>(
        'SELECT id FROM trainer_links WHERE trainer_id = $1',
        [national.id],
      );
      expect(await auditOf('trainer_link', linkId)).toEqual([
        expect.objectContaining({
          action: 'create',
          actor_id: kgOfficer.id,
          values: { trainerId: national.id, trainedById: master.id, eventId: event },
        }),
      ]);

      const duplicate = await link(asKgOfficer, national.id, { trainedById: master.id });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toMatchObject({
        code: 'trainer_link_exists',
        message: 'Эта связь уже записана: этого тренера подготовил указанный тренер.',
      });

      const removed = await call('DELETE', `/trainers/${national.id}/trained-by/${master.id}`, asKgOfficer);
      expect(removed.statusCode).toBe(204);
      expect((await auditOf('trainer_link', linkId)).map((r) => r.action)).toEqual(['create', 'delete']);
      expect((await call('GET', `/trainers/${national.id}`, asKgOfficer)).json().trainedBy).toEqual([]);
      const again = await call('DELETE', `/trainers/${national.id}/trained-by/${master.id}`, asKgOfficer);
      expect(again.statusCode).toBe(404);
    });

    it('refuses a link to oneself (400), to a trainer or event out of sight (400), and one that closes a loop (409, named)', async () => {
      const { user, headers } = await signedIn(Role.ProgramOfficer, ['KG']);
      const a = await createTrainer(app.dataSource, { fullName: 'Алмаз Абдыкадыров', level: TrainerLevel.Master });
      const b = await createTrainer(app.dataSource, { fullName: 'Бермет Асанова' });
      const c = await createTrainer(app.dataSource, { fullName: 'Чолпон Эсенова' });
      expect((await link(headers, b, { trainedById: a })).statusCode).toBe(201);
      expect((await link(headers, c, { trainedById: b })).statusCode).toBe(201);
      const writes = await auditCountBy(user.id);

      const self = await link(headers, a, { trainedById: a });
      expect(self.statusCode).toBe(400);
      expect(self.json().errors).toEqual([
        { field: 'trainedById', code: 'trainer_link_self', message: 'cannot be the trainer themselves.' },
      ]);

      const loop = await link(headers, a, { trainedById: c });
      expect(loop.statusCode).toBe(409);
      expect(loop.json()).toMatchObject({
        code: 'trainer_link_cycle',
        message:
          'This link would close a loop in the cascade: Алмаз Абдыкадыров → Бермет Асанова → Чолпон Эсенова → Алмаз Абдыкадыров. Nobody can be trained, even indirectly, by someone they trained.',
      });
      const shortLoop = await link(headers, a, { trainedById: b });
      expect(shortLoop.statusCode).toBe(409);

      // A loop through a trainer the officer cannot see names them only as such.
      const tj = await createTrainer(app.dataSource, { fullName: 'Сино Раҳимова', countryCode: 'TJ' });
      expect((await link(asAdmin, tj, { trainedById: c })).statusCode).toBe(201);
      const d = await createTrainer(app.dataSource, { fullName: 'Дания Омурова' });
      expect((await link(asAdmin, d, { trainedById: tj })).statusCode).toBe(201);
      const hiddenLoop = await link(headers, a, { trainedById: d });
      expect(hiddenLoop.json().message).toContain(
        'Чолпон Эсенова → a trainer outside your countries → Дания Омурова → Алмаз Абдыкадыров',
      );

      const outOfSight = await link(headers, a, { trainedById: tj });
      expect(outOfSight.json().errors).toEqual([
        expect.objectContaining({ field: 'trainedById', code: 'unknown_trainer' }),
      ]);
      const missing = await link(headers, a, { trainedById: NO_SUCH_ID });
      expect(missing.json().errors).toEqual([
        expect.objectContaining({ field: 'trainedById', code: 'unknown_trainer' }),
      ]);
      const tjEvent = await createEvent(app.dataSource, { countryCode: 'TJ' });
      const event = await link(headers, d, { trainedById: a, eventId: tjEvent });
      expect(event.json().errors).toEqual([expect.objectContaining({ field: 'eventId', code: 'unknown_event' })]);
      const notUuid = await link(headers, a, { trainedById: 'someone' });
      expect(notUuid.json().errors).toEqual([
        expect.objectContaining({ field: 'trainedById', code: 'isUuid', message: 'must be a UUID.' }),
      ]);
      expect((await link(headers, tj, { trainedById: a })).statusCode).toBe(404);

      expect(await auditCountBy(user.id)).toBe(writes);
    });
  });

  describe('certification steps', () => {
    const signOff = (headers: Headers, id: string, step: string, payload: object) =>
      call('PUT', `/trainers/${id}/certification-steps/${step}`, headers, payload);

    it('are signed off by the caller; all three make the trainer eligible without changing the status', async () => {
      const candidate = await addTrainer(asKgOfficer, {
        fullName: 'Мээрим Алиева',
        countryCode: 'KG',
        level: 'national',
      });
      const event = await createEvent(app.dataSource, { countryCode: 'KG' });
      const first = await signOff(asKgOfficer, candidate.id, 'tot_completed', {
        completedOn: '2025-03-14',
        eventId: event,
      });
      expect(first.statusCode).toBe(200);
      expect(first.json().certificationSteps[0]).toEqual({
        step: 'tot_completed',
        stepLabel: 'Курс подготовки тренеров пройден',
        done: true,
        completedOn: '2025-03-14',
        signedOffById: kgOfficer.id,
        signedOffByName: 'Test program_officer',
        eventId: event,
        note: null,
      });
      expect(first.json().eligibleForCertification).toBe(false);

      await signOff(asKgOfficer, candidate.id, 'co_taught', {
        completedOn: '2025-05-15',
        note: 'Osh, with E. Sydykov',
      });
      const today = new Date().toISOString().slice(0, 10);
      const last = await signOff(asAdmin, candidate.id, 'observed', { completedOn: today });
      expect(last.json()).toMatchObject({ eligibleForCertification: true, status: 'candidate' });
      expect(last.json().certificationSteps[2]).toMatchObject({ signedOffById: admin.id, completedOn: today });

      const read = (await call('GET', `/trainers/${candidate.id}`, asKgOfficer)).json();
      expect(read).toMatchObject({ eligibleForCertification: true, status: 'candidate' });
      expect(read.certificationSteps.map((s: { note: string | null }) => s.note)).toEqual([
        null,
        'Osh, with E. Sydykov',
        null,
      ]);

      // Signed off again: the same record, updated and audited as an update.
      const again = await signOff(asKgOfficer, candidate.id, 'observed', { completedOn: '2025-06-01' });
      expect(again.json().certificationSteps[2]).toMatchObject({
        completedOn: '2025-06-01',
        signedOffById: kgOfficer.id,
      });
      const [{ id: stepId }] = await app.dataSource.query<{ id: string }[]>(
        `SELECT id FROM trainer_certification_steps WHERE trainer_id = $1 AND step = 'observed'`,
        [candidate.id],
      );
      const rows = await auditOf('certification_step', stepId);
      expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
        ['create', admin.id],
        ['update', kgOfficer.id],
      ]);
      expect(rows[1].values).toEqual({ completedOn: '2025-06-01', signedOffById: kgOfficer.id });

      const undone = await call('DELETE', `/trainers/${candidate.id}/certification-steps/observed`, asKgOfficer);
      expect(undone.statusCode).toBe(204);
      expect((await auditOf('certification_step', stepId)).map((r) => r.action)).toEqual([
        'create',
        'update',
        'delete',
      ]);
      const after = (await call('GET', `/trainers/${candidate.id}`, asKgOfficer)).json();
      expect(after.eligibleForCertification).toBe(false);
      expect(after.certificationSteps[2]).toMatchObject({ done: false, completedOn: null, signedOffById: null });
      expect(
        (await call('DELETE', `/trainers/${candidate.id}/certification-steps/observed`, asKgOfficer)).statusCode,
      ).toBe(404);
    });

    it('refuses a future date, a date that is not one, an unknown step, a long note, and writes nothing', async () => {
      const { user, headers } = await signedIn(Role.ProgramOfficer, ['KG'], 'uk');
      const candidate = await createTrainer(app.dataSource, { status: TrainerStatus.Candidate });

      const future = await signOff(headers, candidate, 'observed', { completedOn: nextYear });
      expect(future.statusCode).toBe(400);
      expect(future.json().errors).toEqual([
        { field: 'completedOn', code: 'date_in_future', message: 'не може бути в майбутньому.' },
      ]);
      const notADate = await signOff(headers, candidate, 'observed', {
        completedOn: '2025-02-30',
        note: 'x'.repeat(501),
      });
      expect(notADate.json().errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
        ['completedOn', 'isDateString'],
        ['note', 'maxLength'],
      ]);
      const withTime = await signOff(headers, candidate, 'observed', { completedOn: '2025-05-15T10:00:00Z' });
      expect(withTime.json().errors[0]).toMatchObject({ field: 'completedOn', code: 'isDateString' });
      const unknownStep = await signOff(headers, candidate, 'graduated', { completedOn: '2025-05-15' });
      expect(unknownStep.statusCode).toBe(400);
      expect(unknownStep.json().errors).toEqual([
        { field: 'step', code: 'isEnum', message: 'має бути одним зі значень: tot_completed, co_taught, observed.' },
      ]);
      const tjEvent = await createEvent(app.dataSource, { countryCode: 'TJ' });
      const event = await signOff(headers, candidate, 'co_taught', { completedOn: '2025-05-15', eventId: tjEvent });
      expect(event.json().errors[0]).toMatchObject({ field: 'eventId', code: 'unknown_event' });

      const tjCandidate = await createTrainer(app.dataSource, { countryCode: 'TJ' });
      expect((await signOff(headers, tjCandidate, 'observed', { completedOn: '2025-05-15' })).statusCode).toBe(404);
      expect(await auditCountBy(user.id)).toBe(0);
    });
  });

  describe('the cascade', () => {
    /** Completed enrollments of new trainees (or the given ones) at an event the trainers teach. */
    async function eventTaughtBy(trainers: string[], completed: (string | number)[], others: string[] = []) {
      const event = await createEvent(app.dataSource, { countryCode: 'KG' });
      for (const [index, trainer] of trainers.entries()) {
        await assignTrainer(app.dataSource, event, trainer, index === 0 ? 'lead' : 'co_trainer');
      }
      const trainees: string[] = [];
      for (const trainee of completed) {
        const id = typeof trainee === 'string' ? trainee : await createTrainee(app.dataSource);
        const enrollment = await enroll(app.dataSource, event, id);
        await app.dataSource.query(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [
          enrollment,
        ]);
        trainees.push(id);
      }
      for (const status of others) {
        const enrollment = await enroll(app.dataSource, event, await createTrainee(app.dataSource));
        await app.dataSource.query('UPDATE enrollments SET status = $2 WHERE id = $1', [enrollment, status]);
      }
      return trainees;
    }

    const cascadeOf = async (id: string, headers: Headers) => {
      const res = await call('GET', `/trainers/${id}/cascade`, headers);
      expect(res.statusCode).toBe(200);
      return res.json<{
        rootId: string;
        depthLimit: number;
        depthLimitReached: boolean;
        nodes: {
          id: string | null;
          parentId: string | null;
          name: string | null;
          level: string | null;
          generation: number;
          outsideScope: boolean;
        }[];
        generations: { generation: number; trainers: number; traineesReached: number }[];
        trainers: number;
        traineesReached: number;
        multiplier: number;
      }>();
    };

    it('counts trainers and trainees per generation and the multiplier of a hand-made tree', async () => {
      // upstream ─▶ root ─▶ a ─▶ a1, a2
      //                 └─▶ b ─▶ b1 (in TJ; trained by a too)
      const trainer = (fullName: string, countryCode = 'KG') =>
        createTrainer(app.dataSource, { fullName, countryCode });
      const upstream = await trainer('Upstream Master');
      const root = await trainer('Root Тренер');
      const [a, b, a1, a2] = [
        await trainer('A Тренер'),
        await trainer('B Тренер'),
        await trainer('A1 Тренер'),
        await trainer('A2 Тренер'),
      ];
      const b1 = await trainer('B1 Тренер', 'TJ');
      for (const [child, parent] of [
        [root, upstream],
        [a, root],
        [b, root],
        [a1, a],
        [a2, a],
        [b1, b],
        [b1, a],
      ]) {
        expect((await call('POST', `/trainers/${child}/trained-by`, asAdmin, { trainedById: parent })).statusCode).toBe(
          201,
        );
      }

      // Generation 0, the root: t1, t2, t3 completed; one still enrolled and one withdrawn do not count.
      const [t1] = await eventTaughtBy([root], [0, 0, 0], ['enrolled', 'withdrawn']);
      // Generation 1: a taught t1 again and two more; b two others. Distinct: 5.
      await eventTaughtBy([a], [t1, 0, 0]);
      await eventTaughtBy([b], [0, 0]);
      // Generation 2: a1 and a2 co-taught two (counted once), a2 alone one more; b1 none. Distinct: 3.
      await eventTaughtBy([a1, a2], [0, 0]);
      await eventTaughtBy([a2], [0], ['enrolled']);
      // Outside the tree: the upstream trainer's trainees.
      await eventTaughtBy([upstream], [0, 0, 0, 0]);

      const tree = await cascadeOf(root, asKgOfficer);
      expect(tree.rootId).toBe(root);
      // b1 is in TJ: outside a KG officer's countries, not counted.
      expect(tree.generations).toEqual([
        { generation: 0, trainers: 1, traineesReached: 3 },
        { generation: 1, trainers: 2, traineesReached: 5 },
        { generation: 2, trainers: 2, traineesReached: 3 },
      ]);
      // t1 counts once overall: 3 + 5 + 3 − 1 = 10 trainees, by 5 trainers.
      expect(tree).toMatchObject({ trainers: 5, traineesReached: 10, multiplier: 2, depthLimit: 10 });
      expect(tree.depthLimitReached).toBe(false);

      const node = (id: string) => tree.nodes.find((n) => n.id === id);
      expect(tree.nodes.filter((n) => !n.outsideScope)).toHaveLength(5);
      expect(tree.nodes[0]).toEqual({
        id: root,
        parentId: null,
        name: 'Root Тренер',
        level: 'national',
        levelLabel: 'Национальный тренер',
        generation: 0,
        outsideScope: false,
      });
      expect(node(a)).toMatchObject({ parentId: root, generation: 1, name: 'A Тренер' });
      expect(node(a2)).toMatchObject({ parentId: a, generation: 2 });
      // b1 (TJ) shows under each of its KG trainers as a trainer outside the officer's countries.
      expect(tree.nodes.filter((n) => n.outsideScope).map((n) => [n.id, n.parentId, n.generation, n.level])).toEqual(
        [a, b].sort().map((parentId) => [null, parentId, 2, null]),
      );
      expect(JSON.stringify(tree)).not.toContain(b1);
      expect(tree.nodes.map((n) => n.id)).not.toContain(upstream);
      // An admin sees every country: b1 is reached twice (through a and b), listed once.
      const whole = await cascadeOf(root, asAdmin);
      expect(whole.nodes.find((n) => n.id === b1)).toMatchObject({ generation: 2, name: 'B1 Тренер' });
      expect([a, b]).toContain(whole.nodes.find((n) => n.id === b1)?.parentId);
      expect(whole).toMatchObject({ trainers: 6, traineesReached: 10, multiplier: 1.67 });

      // From a: a, a1, a2, b1; a's trainees t1 + 2, and the 3 of the next generation: 6 by 4.
      const fromA = await cascadeOf(a, asAdmin);
      expect(fromA.generations).toEqual([
        { generation: 0, trainers: 1, traineesReached: 3 },
        { generation: 1, trainers: 3, traineesReached: 3 },
      ]);
      expect(fromA).toMatchObject({ trainers: 4, traineesReached: 6, multiplier: 1.5 });

      // A trainer sees their own cascade, with no one else's name.
      const { user, headers } = await signedIn(Role.Trainer, ['KG']);
      expect((await call('PATCH', `/trainers/${a}`, asAdmin, { userId: user.id })).statusCode).toBe(200);
      const own = await cascadeOf(a, headers);
      expect(own.nodes.map((n) => n.name)).toEqual(['A Тренер', null, null, 'a trainer outside your countries']);
      expect((await call('GET', `/trainers/${root}/cascade`, headers)).statusCode).toBe(404);

      const leaf = await cascadeOf(b1, asAdmin);
      expect(leaf).toMatchObject({ trainers: 1, traineesReached: 0, multiplier: 0 });
    });

    it("stops at the caller's countries: a KG trainer trained by a TJ trainer, walked as each role", async () => {
      // tjMaster (TJ) ─▶ kgTrainer (KG) ─▶ kgJunior (KG); tjMaster also ─▶ tjTrainer (TJ).
      const tjMaster = await createTrainer(app.dataSource, { fullName: 'Мастер Тоҷикӣ', countryCode: 'TJ' });
      const tjTrainer = await createTrainer(app.dataSource, { fullName: 'Тренер Тоҷикӣ', countryCode: 'TJ' });
      const kgTrainer = await createTrainer(app.dataSource, { fullName: 'Айгуль КГ', countryCode: 'KG' });
      const kgJunior = await createTrainer(app.dataSource, { fullName: 'Нурлан КГ', countryCode: 'KG' });
      for (const [child, parent] of [
        [tjTrainer, tjMaster],
        [kgTrainer, tjMaster],
        [kgJunior, kgTrainer],
      ]) {
        expect((await call('POST', `/trainers/${child}/trained-by`, asAdmin, { trainedById: parent })).statusCode).toBe(
          201,
        );
      }
      /** An event in `country` taught by `trainer`, with `completed` new trainees who completed it. */
      const taught = async (trainer: string, country: string, completed: number) => {
        const event = await createEvent(app.dataSource, { countryCode: country });
        await assignTrainer(app.dataSource, event, trainer, 'lead');
        for (let i = 0; i < completed; i++) {
          const enrollment = await enroll(
            app.dataSource,
            event,
            await createTrainee(app.dataSource, { countryCode: country }),
          );
          await app.dataSource.query(`UPDATE enrollments SET status = 'completed' WHERE id = $1`, [enrollment]);
        }
      };
      await taught(tjMaster, 'TJ', 4);
      await taught(tjMaster, 'KG', 2); // the TJ master taught in KG too
      await taught(tjTrainer, 'TJ', 3);
      await taught(kgTrainer, 'KG', 5);
      await taught(kgJunior, 'KG', 6);

      // An admin sees the whole tree across borders.
      const whole = await cascadeOf(tjMaster, asAdmin);
      expect(whole.nodes.map((n) => n.id).sort()).toEqual([tjMaster, tjTrainer, kgTrainer, kgJunior].sort());
      expect(whole).toMatchObject({ trainers: 4, traineesReached: 20 });

      // A TJ officer: the KG trainer is "a trainer outside your countries", with no id, counts or subtree.
      const tj = await cascadeOf(tjMaster, asTjOfficer);
      expect(tj.nodes.filter((n) => !n.outsideScope).map((n) => n.id)).toEqual([tjMaster, tjTrainer]);
      expect(tj.nodes.filter((n) => n.outsideScope)).toEqual([
        {
          id: null,
          parentId: tjMaster,
          name: 'тренере берун аз кишварҳои шумо',
          level: null,
          levelLabel: null,
          generation: 1,
          outsideScope: true,
        },
      ]);
      expect(tj.generations).toEqual([
        { generation: 0, trainers: 1, traineesReached: 4 },
        { generation: 1, trainers: 1, traineesReached: 3 },
      ]);
      expect(tj).toMatchObject({ trainers: 2, traineesReached: 7 });
      for (const hidden of [kgTrainer, kgJunior]) expect(JSON.stringify(tj)).not.toContain(hidden);

      // A KG officer does not reach the TJ master (404), and walks the KG trainer's own tree.
      expect((await call('GET', `/trainers/${tjMaster}/cascade`, asKgOfficer)).statusCode).toBe(404);
      const kg = await cascadeOf(kgTrainer, asKgOfficer);
      expect(kg.nodes.map((n) => [n.id, n.outsideScope])).toEqual([
        [kgTrainer, false],
        [kgJunior, false],
      ]);
      expect(kg).toMatchObject({ trainers: 2, traineesReached: 11 });

      // A UA officer reaches neither.
      const { headers: asUaOfficer } = await signedIn(Role.ProgramOfficer, ['UA']);
      for (const id of [tjMaster, kgTrainer]) {
        expect((await call('GET', `/trainers/${id}/cascade`, asUaOfficer)).statusCode).toBe(404);
      }

      // The TJ master's own account: their tree in TJ, the KG trainer outside it.
      const { user, headers: asMaster } = await signedIn(Role.Trainer, ['TJ']);
      expect((await call('PATCH', `/trainers/${tjMaster}`, asAdmin, { userId: user.id })).statusCode).toBe(200);
      const own = await cascadeOf(tjMaster, asMaster);
      expect(own.nodes.map((n) => [n.id, n.name, n.outsideScope])).toEqual([
        [tjMaster, 'Мастер Тоҷикӣ', false],
        [tjTrainer, null, false],
        [null, 'a trainer outside your countries', true],
      ]);
      expect(own).toMatchObject({ trainers: 2, traineesReached: 7 });

      // Donors: 403.
      expect((await call('GET', `/trainers/${tjMaster}/cascade`, asDonor)).statusCode).toBe(403);
    });

    it('stops at a loop written around the API, and at ten generations', async () => {
      const x = await createTrainer(app.dataSource);
      const y = await createTrainer(app.dataSource);
      await app.dataSource.query('INSERT INTO trainer_links (trainer_id, trained_by_id) VALUES ($1, $2), ($2, $1)', [
        x,
        y,
      ]);
      const loop = await cascadeOf(x, asAdmin);
      expect(loop.nodes.map((n) => [n.id, n.generation])).toEqual([
        [x, 0],
        [y, 1],
      ]);

      const chain: string[] = [];
      for (let i = 0; i < 13; i++) chain.push(await createTrainer(app.dataSource));
      for (let i = 1; i < chain.length; i++) {
        await app.dataSource.query('INSERT INTO trainer_links (trainer_id, trained_by_id) VALUES ($1, $2)', [
          chain[i],
          chain[i - 1],
        ]);
      }
      const deep = await cascadeOf(chain[0], asAdmin);
      expect(deep.trainers).toBe(11);
      expect(Math.max(...deep.nodes.map((n) => n.generation))).toBe(10);
      expect(deep.depthLimitReached).toBe(true);
      expect((await cascadeOf(chain[2], asAdmin)).depthLimitReached).toBe(false);
    });
  });

  describe('donors', () => {
    it('are refused every trainers route with 403', async () => {
      const trainer = await createTrainer(app.dataSource, { countryCode: 'KG' });
      const other = await createTrainer(app.dataSource, { countryCode: 'KG' });
      const routes: [InjectOptions['method'], string, object?][] = [
        ['GET', '/trainers'],
        ['GET', '/trainers/me'],
        ['POST', '/trainers', { fullName: 'Тест', countryCode: 'KG', level: 'national' }],
        ['GET', `/trainers/${trainer}`],
        ['PATCH', `/trainers/${trainer}`, { status: 'active' }],
        ['GET', `/trainers/${trainer}/cascade`],
        ['POST', `/trainers/${trainer}/trained-by`, { trainedById: other }],
        ['DELETE', `/trainers/${trainer}/trained-by/${other}`],
        ['PUT', `/trainers/${trainer}/certification-steps/observed`, { completedOn: '2025-05-15' }],
        ['DELETE', `/trainers/${trainer}/certification-steps/observed`],
      ];
      for (const [method, url, payload] of routes) {
        const res = await call(method, url, asDonor, payload);
        expect([method, url, res.statusCode, res.json().code]).toEqual([method, url, 403, 'forbidden']);
      }
    });
  });
});
