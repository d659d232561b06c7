import { Role } from '@cascade/auth';

import { TrainerLevel, TrainerStatus } from '../../src/modules/trainers/trainer.entity.js';
import { createEvent, createTrainer } from '../factories/training.js';
import { type Headers, nextYear, NO_SUCH_ID, useTrainersFixture } from '../support/trainers-fixture.js';

/** Who trained whom, and the certification steps (the fixture: test/support/trainers-fixture.ts). */
describe('trainers', () => {
  const suite = useTrainersFixture();
  const { signedIn, call, addTrainer, auditOf, auditCountBy } = suite;
  let { app, admin, asAdmin, kgOfficer, asKgOfficer } = suite;
  beforeAll(() => ({ app, admin, asAdmin, kgOfficer, asKgOfficer } = suite));

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
        {
          field: 'step',
          code: 'isEnum',
          message:
            'виберіть одне зі значень: Курс підготовки тренерів пройдено, Тренінг проведено разом із тренером або Спостереження пройдено.',
        },
      ]);
      const tjEvent = await createEvent(app.dataSource, { countryCode: 'TJ' });
      const event = await signOff(headers, candidate, 'co_taught', { completedOn: '2025-05-15', eventId: tjEvent });
      expect(event.json().errors[0]).toMatchObject({ field: 'eventId', code: 'unknown_event' });

      const tjCandidate = await createTrainer(app.dataSource, { countryCode: 'TJ' });
      expect((await signOff(headers, tjCandidate, 'observed', { completedOn: '2025-05-15' })).statusCode).toBe(404);
      expect(await auditCountBy(user.id)).toBe(0);
    });
  });
});
