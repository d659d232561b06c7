import { Role } from '@cascade/auth';

import { TrainerLevel } from '../../src/modules/trainers/trainer.entity.js';
import { createEvent, createTrainer } from '../factories/training.js';
import { type Headers, NO_SUCH_ID, useTrainersFixture } from '../support/trainers-fixture.js';

/** Who trained whom (the fixture: test/support/trainers-fixture.ts; certification: trainers-certification). */
describe('trainers', () => {
  const suite = useTrainersFixture();
  const { signedIn, call, addTrainer, auditOf, auditCountBy } = suite;
  let { app, asAdmin, kgOfficer, asKgOfficer } = suite;
  beforeAll(() => ({ app, asAdmin, kgOfficer, asKgOfficer } = suite));

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
        expect.objectContaining({
          field: 'trainedById',
          code: 'isUuid',
          message: 'does not point to a record: choose one from the list.',
        }),
      ]);
      expect((await link(headers, tj, { trainedById: a })).statusCode).toBe(404);

      expect(await auditCountBy(user.id)).toBe(writes);
    });
  });
});
