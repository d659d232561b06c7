import { Role } from '@cascade/auth';

import { assignTrainer, createEvent, createSession, createTrainer } from '../factories/training.js';
import { type Headers, NO_SUCH_ID, useTrainersFixture } from '../support/trainers-fixture.js';

interface Requirement {
  code: string;
  title: string;
  state: string;
  stateLabel: string;
  stateOn: string | null;
  deadline: string | null;
  deadlineExtended: boolean;
  overdue: boolean;
  history: {
    kind: string;
    state: string | null;
    effectiveOn: string | null;
    previousDeadline: string | null;
    deadline: string | null;
    note: string | null;
    actorName: string;
  }[];
}

interface Certification {
  on: string;
  certified: boolean;
  requirementsMet: boolean;
  metOn: string | null;
  lastActiveOn: string | null;
  lapsesOn: string | null;
  requirements: Requirement[];
}

const STEPS = ['tot_completed', 'co_taught', 'observed'];
/** A requirement as GET answers it, written back as PUT takes it. */
const asInput = ({ code, titles, required, deadlineDays }: Record<string, unknown>) => ({
  code,
  titles,
  required,
  deadlineDays,
});
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Trainer certification as data: requirement states, deadlines, lapses, read at a date (fixture: trainers-fixture.ts). */
describe('trainer certification', () => {
  const suite = useTrainersFixture();
  const { signedIn, call, addTrainer, auditOf, auditCountBy } = suite;
  let { app, asAdmin, kgOfficer, asKgOfficer, asTjOfficer, asDonor } = suite;
  beforeAll(() => ({ app, asAdmin, kgOfficer, asKgOfficer, asTjOfficer, asDonor } = suite));

  const setState = (headers: Headers, id: string, code: string, payload: object) =>
    call('PUT', `/trainers/${id}/requirements/${code}`, headers, payload);
  const certificationOf = async (headers: Headers, id: string, on?: string) => {
    const res = await call('GET', `/trainers/${id}/certification${on ? `?on=${on}` : ''}`, headers);
    expect(res.statusCode).toBe(200);
    return res.json<Certification>();
  };
  const passAll = async (headers: Headers, id: string, on: string) => {
    for (const code of STEPS) {
      expect((await setState(headers, id, code, { state: 'passed', effectiveOn: on })).statusCode).toBe(200);
    }
  };

  it('keeps a trainer with a step asked to repeat uncertified until it passes, at every date', async () => {
    const trainer = await addTrainer(asKgOfficer, {
      fullName: 'Гүлнара Осмонова',
      countryCode: 'KG',
      level: 'national',
    });
    const [totOn, coOn, repeatOn, passOn] = [-200, -150, -100, -40].map(daysFromToday);
    await setState(asKgOfficer, trainer.id, 'tot_completed', { state: 'passed', effectiveOn: totOn });
    await setState(asKgOfficer, trainer.id, 'co_taught', { state: 'passed', effectiveOn: coOn });
    const repeat = await setState(asKgOfficer, trainer.id, 'observed', {
      state: 'repeat_requested',
      effectiveOn: repeatOn,
      note: 'Case-history module to be taught again',
    });
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toMatchObject({ certified: false, requirementsMet: false });
    expect(repeat.json().requirements[2]).toMatchObject({
      code: 'observed',
      title: 'Пройти наблюдение',
      state: 'repeat_requested',
      stateLabel: 'Нужно повторить',
      stateOn: repeatOn,
    });
    expect((await call('GET', `/trainers/${trainer.id}`, asKgOfficer)).json().certified).toBe(false);

    await setState(asKgOfficer, trainer.id, 'observed', { state: 'passed', effectiveOn: passOn });
    // Read at a date: the repeat still held the day before the pass, the pass holds from its day.
    expect(await certificationOf(asKgOfficer, trainer.id, daysFromToday(-41))).toMatchObject({
      certified: false,
      requirementsMet: false,
    });
    expect(await certificationOf(asKgOfficer, trainer.id, passOn)).toMatchObject({
      certified: true,
      metOn: passOn,
    });
    // Certification is reported, never acted on: the status stays for an officer to set.
    expect((await call('GET', `/trainers/${trainer.id}`, asKgOfficer)).json()).toMatchObject({
      certified: true,
      status: 'candidate',
    });

    // A failed step after that: uncertified from the day of the failure on, certified before it.
    await setState(asKgOfficer, trainer.id, 'co_taught', { state: 'failed', effectiveOn: daysFromToday(-10) });
    expect((await certificationOf(asKgOfficer, trainer.id)).certified).toBe(false);
    expect((await certificationOf(asKgOfficer, trainer.id, daysFromToday(-11))).certified).toBe(true);

    const observed = (await certificationOf(asKgOfficer, trainer.id)).requirements[2];
    expect(observed.history.map((change) => [change.kind, change.state, change.effectiveOn, change.actorName])).toEqual(
      [
        ['state', 'repeat_requested', repeatOn, 'Test program_officer'],
        ['state', 'passed', passOn, 'Test program_officer'],
      ],
    );
    expect(observed.history[0].note).toBe('Case-history module to be taught again');

    const [{ id: recordId }] = await app.dataSource.query<{ id: string }[]>(
      `SELECT tr.id FROM trainer_requirements tr JOIN certification_requirements r ON r.id = tr.requirement_id
        WHERE tr.trainer_id = $1 AND r.code = 'observed'`,
      [trainer.id],
    );
    const audit = await auditOf('trainer_requirement', recordId);
    expect(audit.map((row) => [row.action, row.actor_id])).toEqual([
      ['create', kgOfficer.id],
      ['update', kgOfficer.id],
    ]);
    expect(audit[1].values).toMatchObject({ state: 'passed', stateOn: passOn });
  });

  it('lapses after the months without teaching or a refresher, and teaching or a refresher restores it', async () => {
    // Ukraine's list: the three steps, lapsing after 6 months.
    const saved = await call('PUT', '/certification-programs/UA', asAdmin, {
      lapseMonths: 6,
      requirements: (await call('GET', '/certification-programs/UA', asAdmin)).json().requirements.map(asInput),
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ lapseMonths: 6, exists: true });

    const trainer = await createTrainer(app.dataSource, { countryCode: 'UA', fullName: 'Оксана Коваленко' });
    await passAll(asAdmin, trainer, '2025-01-10');
    expect(await certificationOf(asAdmin, trainer, '2025-07-09')).toMatchObject({
      certified: true,
      lastActiveOn: '2025-01-10',
      lapsesOn: '2025-07-10',
    });
    expect(await certificationOf(asAdmin, trainer, '2025-07-10')).toMatchObject({
      certified: false,
      requirementsMet: true,
    });

    // Teaching a session on 20 June 2025 carries it to 20 December.
    const event = await createEvent(app.dataSource, {
      countryCode: 'UA',
      startDate: '2025-06-20',
      endDate: '2025-06-21',
    });
    await assignTrainer(app.dataSource, event, trainer);
    await createSession(app.dataSource, event, { date: '2025-06-20' });
    expect(await certificationOf(asAdmin, trainer, '2025-12-19')).toMatchObject({
      certified: true,
      lastActiveOn: '2025-06-20',
    });
    expect((await certificationOf(asAdmin, trainer, '2025-12-20')).certified).toBe(false);
    // Read before the session, the session does not count yet.
    expect((await certificationOf(asAdmin, trainer, '2025-06-19')).lastActiveOn).toBe('2025-01-10');

    const refresher = await call('POST', `/trainers/${trainer}/refreshers`, asAdmin, { completedOn: '2026-01-05' });
    expect(refresher.statusCode).toBe(201);
    expect(await certificationOf(asAdmin, trainer, '2026-03-01')).toMatchObject({
      certified: true,
      lastActiveOn: '2026-01-05',
      lapsesOn: '2026-07-05',
    });
    expect((await certificationOf(asAdmin, trainer, '2025-12-31')).certified).toBe(false);
  });

  it('records deadlines and each extension with who, when, the new deadline and the reason', async () => {
    const trainer = await addTrainer(asKgOfficer, {
      fullName: 'Айбек Жумабеков',
      countryCode: 'KG',
      level: 'national',
    });
    const before = await certificationOf(asKgOfficer, trainer.id);
    const [tot, coTaught] = before.requirements;
    expect(tot.deadline).toBeNull();
    // The demo list gives co-teaching 365 days from the trainer's start.
    expect(coTaught).toMatchObject({ deadline: daysFromToday(365), deadlineExtended: false, overdue: false });
    expect((await certificationOf(asKgOfficer, trainer.id, daysFromToday(366))).requirements[1].overdue).toBe(true);

    const extend = (payload: object) =>
      call('POST', `/trainers/${trainer.id}/requirements/co_taught/extensions`, asKgOfficer, payload);
    const notLater = await extend({ deadline: daysFromToday(365), reason: 'Нет тренинга в регионе' });
    expect(notLater.statusCode).toBe(400);
    expect(notLater.json().errors).toEqual([
      {
        field: 'deadline',
        code: 'deadline_not_later',
        message: `должен быть позже текущего срока (${daysFromToday(365)}).`,
      },
    ]);
    const noReason = await extend({ deadline: daysFromToday(400), reason: '   ' });
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', code: 'minLength' });

    const first = await extend({ deadline: daysFromToday(400), reason: 'Нет тренинга в регионе до осени' });
    expect(first.statusCode).toBe(201);
    await extend({ deadline: daysFromToday(450), reason: 'Тренинг перенесён' });
    const after = (await certificationOf(asKgOfficer, trainer.id)).requirements[1];
    expect(after).toMatchObject({ deadline: daysFromToday(450), deadlineExtended: true, state: 'not_evaluated' });
    expect(after.history.map((change) => [change.kind, change.previousDeadline, change.deadline, change.note])).toEqual(
      [
        ['extension', daysFromToday(365), daysFromToday(400), 'Нет тренинга в регионе до осени'],
        ['extension', daysFromToday(400), daysFromToday(450), 'Тренинг перенесён'],
      ],
    );
    expect(after.history[0].actorName).toBe('Test program_officer');
    // An extension alone never certifies or changes a state.
    expect((await certificationOf(asKgOfficer, trainer.id)).certified).toBe(false);
    const [{ id: recordId }] = await app.dataSource.query<{ id: string }[]>(
      'SELECT id FROM trainer_requirements WHERE trainer_id = $1',
      [trainer.id],
    );
    expect((await auditOf('trainer_requirement', recordId)).map((row) => row.values?.deadline)).toEqual([
      daysFromToday(400),
      daysFromToday(450),
    ]);
  });

  it("refuses other countries' officers (404), trainers' writes and donors (403), bad input (400), writing nothing", async () => {
    const { user, headers } = await signedIn(Role.ProgramOfficer, ['KG'], 'uk');
    const kgTrainer = await createTrainer(app.dataSource, { fullName: 'Бакыт Асанов' });
    const account = await signedIn(Role.Trainer, ['KG']);
    const ownTrainer = await createTrainer(app.dataSource, { fullName: 'Жаркын Токтосунова', userId: account.user.id });
    const passed = { state: 'passed', effectiveOn: '2025-05-15' };

    expect((await call('GET', `/trainers/${kgTrainer}/certification`, asTjOfficer)).statusCode).toBe(404);
    expect((await setState(asTjOfficer, kgTrainer, 'observed', passed)).statusCode).toBe(404);
    expect((await call('GET', '/certification-programs/KG', asTjOfficer)).statusCode).toBe(404);
    expect((await call('PUT', '/certification-programs/KG', asTjOfficer, { requirements: [] })).statusCode).toBe(400);
    expect((await setState(account.headers, ownTrainer, 'observed', passed)).statusCode).toBe(403);
    expect(
      (
        await call('POST', `/trainers/${ownTrainer}/requirements/observed/extensions`, account.headers, {
          deadline: '2030-01-01',
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect((await call('GET', `/trainers/${ownTrainer}/certification`, account.headers)).statusCode).toBe(200);
    expect((await call('GET', `/trainers/${kgTrainer}/certification`, account.headers)).statusCode).toBe(404);
    expect((await call('GET', `/trainers/${kgTrainer}/certification`, asDonor)).statusCode).toBe(403);

    const future = await setState(headers, kgTrainer, 'observed', { state: 'passed', effectiveOn: daysFromToday(30) });
    expect(future.json().errors).toEqual([
      { field: 'effectiveOn', code: 'date_in_future', message: 'не може бути в майбутньому.' },
    ]);
    const badState = await setState(headers, kgTrainer, 'observed', { state: 'done', effectiveOn: '2025-05-15' });
    expect(badState.json().errors).toEqual([
      {
        field: 'state',
        code: 'isEnum',
        message: 'виберіть одне зі значень: Не оцінено, Пройдено, Не пройдено або Треба повторити.',
      },
    ]);
    expect((await setState(headers, kgTrainer, 'graduated', passed)).statusCode).toBe(404);
    expect((await setState(headers, NO_SUCH_ID, 'observed', passed)).statusCode).toBe(404);
    const tjEvent = await createEvent(app.dataSource, { countryCode: 'TJ' });
    const event = await setState(headers, kgTrainer, 'observed', { ...passed, eventId: tjEvent });
    expect(event.json().errors[0]).toMatchObject({ field: 'eventId', code: 'unknown_event' });
    expect(await auditCountBy(user.id)).toBe(0);
    const [{ count }] = await app.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM trainer_requirements WHERE trainer_id = $1',
      [kgTrainer],
    );
    expect(count).toBe(0);
  });

  it("edits a country's list: new steps, order, titles; a step someone was evaluated on is kept (409)", async () => {
    const { headers } = await signedIn(Role.ProgramOfficer, ['TJ'], 'tg');
    const before = (await call('GET', '/certification-programs/TJ', headers)).json();
    expect(before.requirements.map((r: { code: string }) => r.code)).toEqual(STEPS);
    const titles = {
      en: 'Teach a module alone',
      ru: 'Провести модуль самостоятельно',
      ky: 'Модулду өз алдынча өткөрүү',
      tg: 'Модулро мустақилона гузаронидан',
      uk: 'Провести модуль самостійно',
    };
    const [tot, coTaught, observed] = before.requirements.map(asInput);

    const dropped = await call('PUT', '/certification-programs/TJ', headers, {
      lapseMonths: 12,
      requirements: [tot, coTaught],
    });
    expect(dropped.statusCode).toBe(409);
    expect(dropped.json()).toMatchObject({ code: 'requirement_in_use' });
    expect(dropped.json().message).toContain('Супоридани мушоҳида');

    const repeated = await call('PUT', '/certification-programs/TJ', headers, {
      requirements: [tot, { ...tot, titles }],
    });
    expect(repeated.json().errors[0]).toMatchObject({
      field: 'requirements.1.code',
      code: 'requirement_code_repeated',
    });
    const missingTitle = await call('PUT', '/certification-programs/TJ', headers, {
      requirements: [{ code: 'solo', titles: { ...titles, ky: '' }, required: true }],
    });
    expect(missingTitle.json().errors[0]).toMatchObject({ field: 'requirements.0.titles.ky', code: 'minLength' });

    const saved = await call('PUT', '/certification-programs/TJ', headers, {
      lapseMonths: 12,
      requirements: [tot, observed, coTaught, { code: 'solo_module', titles, required: false, deadlineDays: 730 }],
    });
    expect(saved.statusCode).toBe(200);
    expect(
      saved.json().requirements.map((r: { code: string; title: string; position: number }) => [r.code, r.position]),
    ).toEqual([
      ['tot_completed', 1],
      ['observed', 2],
      ['co_taught', 3],
      ['solo_module', 4],
    ]);
    expect(saved.json().requirements[3].title).toBe('Модулро мустақилона гузаронидан');
    // An optional step does not hold certification back.
    const trainer = await createTrainer(app.dataSource, { countryCode: 'TJ', fullName: 'Фарангис Раҳимова' });
    await passAll(headers, trainer, '2026-01-15');
    expect((await certificationOf(headers, trainer, '2026-02-01')).certified).toBe(true);
  });
});
