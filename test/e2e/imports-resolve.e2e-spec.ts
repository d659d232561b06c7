import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { ImportRunner } from '../../src/modules/imports/import-runner.js';
import { createEvent, createSession, createTrainee, enroll } from '../factories/training.js';
import { type ImportBody, useImportsFixture } from '../support/imports-fixture.js';

interface Refusal {
  code: string;
  message: string;
  rows?: { row: number; duplicates: { traineeId: string }[] }[];
  changedRows?: { row: number; traineeIds: string[] }[];
}

const HEADER = 'Full name,Profession,Year of birth,Phone,Date of consent\n';

/**
 * Rows that may be registered trainees: the officer's answer per row, the re-check at commit time,
 * and two commits racing (the fixture: test/support/imports-fixture.ts).
 */
describe('imports', () => {
  const suite = useImportsFixture();
  const { sql, tag, upload, commit, traineesNamed } = suite;
  let { app, enOfficer, ruOfficer, ruOfficerUser } = suite;
  beforeAll(() => ({ app, enOfficer, ruOfficer, ruOfficerUser } = suite));

  const check = async (name: string, text: string) => {
    const res = await upload('/imports/trainees?country=KG', enOfficer, name, Buffer.from(text));
    expect(res.statusCode).toBe(201);
    return res.json<ImportBody>();
  };
  const distinctPairsOf = (id: string) =>
    sql<{ other: string }[]>(
      `SELECT CASE WHEN trainee_id = $1 THEN other_trainee_id ELSE trainee_id END AS other
         FROM duplicate_distinct_pairs WHERE trainee_id = $1 OR other_trainee_id = $1`,
      [id],
    );

  describe('an answer for each row the registry may hold', () => {
    it('links "same person", registers "new person" as different from its candidates only, writes nothing for "skip"', async () => {
      const marker = tag();
      const asan = await createTrainee(app.dataSource, {
        fullName: `Асанов Бакыт ${marker}`,
        latinName: `Asanov Bakyt ${marker}`,
        sex: 'male',
        birthYear: 1980,
        profession: 'judge',
      });
      const aigul = await createTrainee(app.dataSource, { fullName: `Осмонова Айгүл ${marker}`, birthYear: 1990 });
      const nurlan = await createTrainee(app.dataSource, { fullName: `Токтогулов Нурлан ${marker}`, sex: 'male' });
      const body = await check(
        'choices.csv',
        HEADER +
          // The same person as Асанов: his empty phone is filled, his birth year kept (the file says 1981).
          `Asanov Bakyt ${marker},judge,1981,+996555100200,01.02.2025\n` +
          `Осмонова Айгуль ${marker},judge,1990,,01.02.2025\n` +
          `Токтогулов Нурлан ${marker},prosecutor,,,01.02.2025\n` +
          `Эшматов Бахтиёр ${marker},judge,1985,,01.02.2025\n`,
      );
      expect(body.report.registryDuplicateRows).toBe(3);
      const candidates = Object.fromEntries(
        body.report.rows.map((row) => [row.row, row.duplicates.map((c) => c.traineeId)]),
      );
      expect(candidates).toEqual({ 2: [asan], 3: [aigul], 4: [nurlan] });
      // The row's own values, and the candidate's profession, are shown side by side.
      expect(body.report.rows[0]).toMatchObject({
        person: { fullName: `Asanov Bakyt ${marker}`, birthYear: 1981, profession: 'judge' },
        duplicates: [{ fullName: `Асанов Бакыт ${marker}`, birthYear: 1980, profession: 'judge' }],
      });

      // Unanswered rows are refused, listed; nothing is written.
      const unanswered = await commit(body.id, enOfficer, { resolutions: [{ row: 2, choice: 'skip' }] });
      expect(unanswered.statusCode).toBe(409);
      expect(unanswered.json<Refusal>()).toMatchObject({
        code: 'import_registry_duplicates_unconfirmed',
        rows: [{ row: 3 }, { row: 4 }],
      });
      // An answer that does not fit the report: a row without candidates, a trainee not among them.
      for (const resolutions of [
        [{ row: 5, choice: 'new' }],
        [{ row: 2, choice: 'same', traineeId: aigul }],
        [
          { row: 2, choice: 'skip' },
          { row: 2, choice: 'new' },
        ],
      ]) {
        const refused = await commit(body.id, enOfficer, { resolutions });
        expect(refused.statusCode).toBe(400);
        expect(refused.json<Refusal>().code).toBe('import_resolution_invalid');
      }
      const malformed = await commit(body.id, enOfficer, { resolutions: [{ row: 2, choice: 'same' }] });
      expect(malformed.statusCode).toBe(400);
      expect(await traineesNamed(marker)).toHaveLength(3);

      const done = await commit(body.id, enOfficer, {
        resolutions: [
          { row: 2, choice: 'same', traineeId: asan },
          { row: 3, choice: 'new' },
          { row: 4, choice: 'skip' },
        ],
      });
      expect(done.statusCode).toBe(200);
      expect(done.json<ImportBody>().result).toMatchObject({
        trainees: 2,
        linked: 1,
        skipped: 1,
        distinctPairs: 1,
        filledFields: 1,
        keptFields: 1,
      });
      const people = await traineesNamed(marker);
      expect(people.map((p) => p.full_name).sort()).toEqual(
        [
          `Осмонова Айгуль ${marker}`,
          `Осмонова Айгүл ${marker}`,
          `Асанов Бакыт ${marker}`,
          `Токтогулов Нурлан ${marker}`,
          `Эшматов Бахтиёр ${marker}`,
        ].sort(),
      );
      expect(people.find((p) => p.full_name.startsWith('Асанов'))).toMatchObject({
        birth_year: 1980,
        phone: '+996555100200',
        profession: 'judge',
      });
      // Only the new person and its own candidate are remembered as different people.
      const [newAigul] = await sql<{ id: string }[]>('SELECT id FROM trainees WHERE full_name = $1', [
        `Осмонова Айгуль ${marker}`,
      ]);
      expect((await distinctPairsOf(newAigul.id)).map((p) => p.other)).toEqual([aigul]);
      expect(await distinctPairsOf(asan)).toEqual([]);
      // The file's own values left with the file.
      const [stored] = await sql<{ report: unknown }[]>('SELECT report FROM imports WHERE id = $1', [body.id]);
      expect(JSON.stringify(stored.report)).not.toContain('Asanov');
    });
  });

  describe('rows left unanswered, when the officer asks it', () => {
    it('registers them as new people, different from no one, so the duplicate queue lists their pairs', async () => {
      const marker = tag();
      const asan = await createTrainee(app.dataSource, { fullName: `Асанов Бакыт ${marker}`, birthYear: 1980 });
      const aigul = await createTrainee(app.dataSource, { fullName: `Осмонова Айгүл ${marker}`, birthYear: 1990 });
      const body = await check(
        'rest-as-new.csv',
        HEADER +
          `Асанов Бакыт ${marker},judge,1980,,01.02.2025\n` +
          `Осмонова Айгуль ${marker},judge,1990,,01.02.2025\n`,
      );
      expect(body.report.registryDuplicateRows).toBe(2);
      const done = await commit(body.id, enOfficer, {
        resolutions: [{ row: 2, choice: 'same', traineeId: asan }],
        unansweredAsNew: true,
      });
      expect(done.statusCode).toBe(200);
      expect(done.json<ImportBody>().result).toMatchObject({ trainees: 1, linked: 1, toReview: 1, distinctPairs: 0 });
      const [newAigul] = await sql<{ id: string }[]>('SELECT id FROM trainees WHERE full_name = $1', [
        `Осмонова Айгуль ${marker}`,
      ]);
      expect(await distinctPairsOf(newAigul.id)).toEqual([]);
      const queue = await app.request({
        method: 'GET',
        url: `/duplicates?search=${encodeURIComponent(`Осмонова Айгүл ${marker}`)}`,
        headers: enOfficer,
      });
      expect(queue.statusCode).toBe(200);
      const pairs = queue.json<{ items: { trainees: { id: string }[] }[] }>().items;
      expect(
        pairs.some(
          (pair) => pair.trainees.some((t) => t.id === aigul) && pair.trainees.some((t) => t.id === newAigul.id),
        ),
      ).toBe(true);
    });
  });

  describe("a past event's records", () => {
    it('enrols a row answered "same person" on its registered trainee, once, with its attendance and score', async () => {
      const marker = tag();
      const eventId = await createEvent(app.dataSource, {
        startDate: '2025-06-02',
        endDate: '2025-06-02',
        status: EventStatus.Completed,
      });
      const session = await createSession(app.dataSource, eventId, { date: '2025-06-02' });
      const known = await createTrainee(app.dataSource, { fullName: `Раҳимова Мавлуда ${marker}`, birthYear: 1988 });
      // Already enrolled (by hand, before the file came): enrolled once all the same.
      await enroll(app.dataSource, eventId, known);
      const text =
        'Full name,Sex,Profession,Year of birth,Date of consent,Post-test score,Session 1\n' +
        `Рахимова Мавлуда ${marker},F,judge,1988,02.06.2025,80,present\n`;
      const res = await upload(`/imports/events/${eventId}`, enOfficer, 'event.csv', Buffer.from(text));
      expect(res.statusCode).toBe(201);
      const body = res.json<ImportBody>();
      expect(body.report.rows).toMatchObject([{ row: 2, duplicates: [{ traineeId: known }] }]);
      const done = await commit(body.id, enOfficer, { resolutions: [{ row: 2, choice: 'same', traineeId: known }] });
      expect(done.statusCode).toBe(200);
      expect(done.json<ImportBody>().result).toMatchObject({
        trainees: 0,
        linked: 1,
        enrollments: 0,
        assessments: 1,
        attendanceMarks: 1,
      });
      expect(await traineesNamed(marker)).toHaveLength(1);
      const enrolled = await sql('SELECT 1 FROM enrollments WHERE event_id = $1 AND trainee_id = $2', [eventId, known]);
      expect(enrolled).toHaveLength(1);
      const marks = await sql<{ status: string }[]>(
        'SELECT status FROM attendance_marks WHERE session_id = $1 AND trainee_id = $2',
        [session, known],
      );
      expect(marks.map((m) => m.status)).toEqual(['present']);
      const [score] = await sql<{ post_score: number }[]>(
        'SELECT post_score FROM assessments WHERE event_id = $1 AND trainee_id = $2',
        [eventId, known],
      );
      expect(score.post_score).toBe(80);
    });
  });

  describe('the registry as it is at commit time', () => {
    it('refuses a dry run gone stale (a person registered since), makes the report again, then links', async () => {
      const marker = tag();
      const body = await check('stale.csv', HEADER + `Жумабаева Назира ${marker},judge,1975,,01.02.2025\n`);
      expect(body.report.registryDuplicateRows).toBe(0);
      const registered = await app.request({
        method: 'POST',
        url: '/trainees',
        headers: ruOfficer,
        payload: {
          fullName: `Жумабаева Назира ${marker}`,
          sex: 'female',
          profession: 'judge',
          countryCode: 'KG',
          birthYear: 1975,
          consentGiven: true,
        },
      });
      expect(registered.statusCode).toBe(201);
      const id = registered.json<{ id: string }>().id;

      const stale = await commit(body.id, enOfficer);
      expect(stale.statusCode).toBe(409);
      expect(stale.json<Refusal>()).toMatchObject({
        code: 'import_registry_changed',
        changedRows: [{ row: 2, traineeIds: [id] }],
      });
      expect(await traineesNamed(marker)).toHaveLength(1);
      const again = (
        await app.request({ method: 'GET', url: `/imports/${body.id}`, headers: enOfficer })
      ).json<ImportBody>();
      expect(again.report.rows).toMatchObject([{ row: 2, duplicates: [{ traineeId: id }] }]);

      const done = await commit(body.id, enOfficer, { resolutions: [{ row: 2, choice: 'same', traineeId: id }] });
      expect(done.statusCode).toBe(200);
      expect(done.json<ImportBody>().result).toMatchObject({ trainees: 0, linked: 1 });
      expect(await traineesNamed(marker)).toHaveLength(1);
    });

    it('sees a registered trainee renamed since the dry run into the person of a row', async () => {
      const marker = tag();
      const registered = await app.request({
        method: 'POST',
        url: '/trainees',
        headers: ruOfficer,
        payload: {
          fullName: `Осмонова Гулзат ${marker}`,
          sex: 'female',
          profession: 'judge',
          countryCode: 'KG',
          birthYear: 1981,
          consentGiven: true,
        },
      });
      expect(registered.statusCode).toBe(201);
      const id = registered.json<{ id: string }>().id;
      const body = await check('renamed.csv', HEADER + `Токтогулова Айпери ${marker},judge,1981,,01.02.2025\n`);
      expect(body.report.registryDuplicateRows).toBe(0);
      const renamed = await app.request({
        method: 'PATCH',
        url: `/trainees/${id}`,
        headers: ruOfficer,
        payload: { fullName: `Токтогулова Айпери ${marker}` },
      });
      expect(renamed.statusCode).toBe(200);

      const stale = await commit(body.id, enOfficer);
      expect(stale.statusCode).toBe(409);
      expect(stale.json<Refusal>()).toMatchObject({
        code: 'import_registry_changed',
        changedRows: [{ row: 2, traineeIds: [id] }],
      });
      expect(await traineesNamed(marker)).toHaveLength(1);
    });

    it('registers each person once when two commits of overlapping files race', async () => {
      const marker = tag();
      const shared = ['Абдыкадыров Талант', 'Мамытова Жылдыз', 'Сыдыков Эрлан'].map((name) => `${name} ${marker}`);
      const fileOf = (own: string) =>
        HEADER + [...shared, `${own} ${marker}`].map((name, i) => `${name},judge,${1970 + i},,01.02.2025`).join('\n');
      const first = await check('first.csv', fileOf('Турдубаев Азамат'));
      const second = await check('second.csv', fileOf('Бекова Айпери'));
      expect([first.report.registryDuplicateRows, second.report.registryDuplicateRows]).toEqual([0, 0]);

      // The first commit holds its transaction open once its rows are written (its progress
      // listener waits); the second starts then, while the first's people are not yet committed.
      let written!: () => void;
      const firstWrote = new Promise<void>((resolve) => (written = resolve));
      const firstCommit = new ImportRunner(app.dataSource).commit(first.id, ruOfficerUser.id, async () => {
        written();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      });
      await firstWrote;
      const [firstDone, secondRes] = await Promise.all([firstCommit, commit(second.id, enOfficer)]);
      expect(firstDone.status).toBe('committed');
      expect(secondRes.statusCode).toBe(409);
      const loser = secondRes.json<Refusal>();
      expect(loser.code).toBe('import_registry_changed');
      expect(loser.changedRows?.map((row) => row.row)).toEqual([2, 3, 4]);
      const counted = async () =>
        (await traineesNamed(marker)).reduce<Record<string, number>>(
          (all, person) => ({ ...all, [person.full_name]: (all[person.full_name] ?? 0) + 1 }),
          {},
        );
      expect(Object.values(await counted())).toEqual([1, 1, 1, 1]);

      // The loser's officer answers for the rows now found: they are the same people.
      const loserId = second.id;
      const report = (
        await app.request({ method: 'GET', url: `/imports/${loserId}`, headers: enOfficer })
      ).json<ImportBody>();
      const resolutions = report.report.rows.map((row) => ({
        row: row.row,
        choice: 'same',
        traineeId: row.duplicates[0].traineeId,
      }));
      expect(resolutions).toHaveLength(3);
      expect((await commit(loserId, enOfficer, { resolutions })).statusCode).toBe(200);
      expect(Object.values(await counted())).toEqual([1, 1, 1, 1, 1]);
    });
  });
});
