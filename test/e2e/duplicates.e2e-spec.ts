import { randomInt } from 'node:crypto';

import { Role } from '@cascade/auth';

import { transliterated, uniqueSurname } from '../factories/names.js';
import { createEvent, createSession, createTrainee, enroll } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Headers = Record<string, string>;

/**
 * Two countries of their own (ISO's user-assigned range): the queue lists every pair of a
 * country, and other test files' trainees must not be among them.
 */
const HOME = 'QE';
const ELSEWHERE = 'QF';

interface Candidate {
  traineeId: string;
  fullName: string | null;
  score: number;
  matchingFields: string[];
}
interface PairPage {
  items: { score: number; trainees: { id: string }[] }[];
  total: number;
}

describe('duplicate trainees', () => {
  let app: TestApp;
  let officer: Headers;
  let officerRu: Headers;
  let otherOfficer: Headers;
  let admin: Headers;

  const as = async (role: Role, countries: string[], locale = 'en'): Promise<Headers> => {
    const user = await createUser(app.dataSource, { role, countries, locale });
    return bearer((await signIn(app, user)).accessToken);
  };

  beforeAll(async () => {
    app = await startTestApp();
    await app.dataSource.query(
      `INSERT INTO countries (code, names) VALUES ($1, '{"en":"Home test land"}'), ($2, '{"en":"Other test land"}')
       ON CONFLICT (code) DO NOTHING`,
      [HOME, ELSEWHERE],
    );
    officer = await as(Role.ProgramOfficer, [HOME]);
    officerRu = await as(Role.ProgramOfficer, [HOME], 'ru');
    otherOfficer = await as(Role.ProgramOfficer, [ELSEWHERE]);
    admin = await as(Role.Admin, []);
  });
  afterAll(() => app.close());

  const register = (headers: Headers, payload: object) =>
    app.request({ method: 'POST', url: '/trainees', headers, payload });
  const trainee = (fullName: string, overrides: object = {}) => ({
    fullName,
    sex: 'male',
    profession: 'forensic_expert',
    countryCode: HOME,
    consentGiven: true,
    ...overrides,
  });
  const queue = async (headers: Headers, query = ''): Promise<PairPage> => {
    const res = await app.request({ method: 'GET', url: `/duplicates?limit=100${query}`, headers });
    expect(res.statusCode).toBe(200);
    return res.json<PairPage>();
  };
  const pairIn = (page: PairPage, a: string, b: string) =>
    page.items.some((item) => [a, b].every((id) => item.trainees.some((t) => t.id === id)));
  const post = (url: string, headers: Headers, payload: object) =>
    app.request({ method: 'POST', url, headers, payload });

  describe('at registration', () => {
    it('answers 409 with the candidates, in the caller’s language, and registers on notDuplicate: true', async () => {
      const surname = uniqueSurname();
      const first = await register(officer, trainee(`${surname} Нурлан Асанович`, { birthYear: 1984 }));
      expect(first.statusCode).toBe(201);
      const firstId = first.json<{ id: string }>().id;

      const again = await register(officerRu, trainee(`Nurlan ${transliterated(surname)}`, { birthYear: 1984 }));
      expect(again.statusCode).toBe(409);
      const body = again.json<{ code: string; message: string; candidates: Candidate[] }>();
      expect(body.code).toBe('possible_duplicates');
      expect(body.message).toMatch(/^Этот слушатель, возможно, уже записан/);
      expect(body.candidates).toEqual([
        expect.objectContaining({
          traineeId: firstId,
          fullName: `${surname} Нурлан Асанович`,
          matchingFields: expect.arrayContaining(['name', 'birthYear']) as unknown,
        }),
      ]);
      expect(body.candidates[0].score).toBeGreaterThanOrEqual(0.68);

      const confirmed = await register(
        officer,
        trainee(`Nurlan ${transliterated(surname)}`, { birthYear: 1984, notDuplicate: true }),
      );
      expect(confirmed.statusCode).toBe(201);
      const secondId = confirmed.json<{ id: string }>().id;
      // Confirmed different: the pair is not proposed in the queue.
      expect(pairIn(await queue(officer), firstId, secondId)).toBe(false);
    });

    it('lets a different person through: another given name, or a father decades older', async () => {
      const surname = uniqueSurname();
      expect((await register(officer, trainee(`${surname} Иван`, { birthYear: 1958 }))).statusCode).toBe(201);
      expect((await register(officer, trainee(`${surname} Пётр`))).statusCode).toBe(201);
      expect((await register(officer, trainee(`${surname} Иван`, { birthYear: 1986 }))).statusCode).toBe(201);
    });

    it('refuses notDuplicate that is not a boolean, per field', async () => {
      const res = await register(officer, trainee(`${uniqueSurname()} Айбек`, { notDuplicate: 'yes' }));
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['notDuplicate']);
    });
  });

  describe('the queue', () => {
    it('lists a country’s pairs to its officers and admins only, and never a pair marked distinct', async () => {
      const surname = uniqueSurname();
      const a = await createTrainee(app.dataSource, { countryCode: HOME, fullName: `${surname} Бакыт` });
      const b = await createTrainee(app.dataSource, {
        countryCode: HOME,
        fullName: `Bakyt ${transliterated(surname)}`,
      });
      expect(pairIn(await queue(officer), a, b)).toBe(true);
      expect(pairIn(await queue(admin, `&country=${HOME}`), a, b)).toBe(true);
      expect(pairIn(await queue(otherOfficer), a, b)).toBe(false);
      expect((await queue(otherOfficer, `&country=${HOME}`)).total).toBe(0);

      for (const role of [Role.Trainer, Role.Donor]) {
        const res = await app.request({ method: 'GET', url: '/duplicates', headers: await as(role, [HOME]) });
        expect(res.statusCode).toBe(403);
      }
      // Another country's officer cannot even learn that the trainees exist.
      expect((await post('/duplicates/distinct', otherOfficer, { traineeId: a, otherTraineeId: b })).statusCode).toBe(
        404,
      );

      const marked = await post('/duplicates/distinct', officer, { traineeId: b, otherTraineeId: a });
      expect(marked.statusCode).toBe(204);
      expect(pairIn(await queue(officer), a, b)).toBe(false);
      // Marking again changes nothing.
      expect((await post('/duplicates/distinct', officer, { traineeId: a, otherTraineeId: b })).statusCode).toBe(204);
    });

    it('refuses bad input per field', async () => {
      const a = await createTrainee(app.dataSource, { countryCode: HOME, fullName: `${uniqueSurname()} Алмаз` });
      const same = await post('/duplicates/distinct', officer, { traineeId: a, otherTraineeId: a });
      expect(same.statusCode).toBe(400);
      expect(same.json<{ errors: { field: string; code: string }[] }>().errors).toEqual([
        expect.objectContaining({ field: 'otherTraineeId', code: 'same_trainee' }),
      ]);
      const notUuid = await post('/duplicates/distinct', officer, { traineeId: 'x', otherTraineeId: a });
      expect(notUuid.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['traineeId']);

      const badMerge = await post('/duplicates/merge', officer, {
        survivorId: a,
        mergedId: 'nope',
        values: { fullName: 'both' },
      });
      expect(badMerge.statusCode).toBe(400);
      expect(
        badMerge
          .json<{ errors: { field: string }[] }>()
          .errors.map((e) => e.field)
          .sort(),
      ).toEqual(['mergedId', 'values.fullName']);

      const other = await createTrainee(app.dataSource, {
        countryCode: ELSEWHERE,
        fullName: `${uniqueSurname()} Алмаз`,
      });
      const twoCountries = await post('/duplicates/merge', admin, { survivorId: a, mergedId: other });
      expect(twoCountries.statusCode).toBe(400);
      expect(twoCountries.json<{ errors: { field: string; code: string }[] }>().errors).toEqual([
        expect.objectContaining({ field: 'mergedId', code: 'trainee_other_country' }),
      ]);
    });
  });

  describe('merging', () => {
    /** Two records of one person, with training records that collide at one event. */
    async function arrange() {
      const surname = uniqueSurname();
      const survivor = await createTrainee(app.dataSource, {
        countryCode: HOME,
        fullName: `${surname} Азамат`,
        birthYear: 1980,
      });
      const merged = await createTrainee(app.dataSource, {
        countryCode: HOME,
        fullName: `${surname} Азамат Талантбекович`,
        birthYear: 1981,
        phone: '+996555123456',
      });
      // Both at event 1: the survivor enrolled only, the duplicate completed with a certificate.
      const shared = await createEvent(app.dataSource, { countryCode: HOME });
      const sharedSession = await createSession(app.dataSource, shared);
      const survivorShared = await enroll(app.dataSource, shared, survivor);
      const mergedShared = await enroll(app.dataSource, shared, merged);
      await app.dataSource.query(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [
        mergedShared,
      ]);
      await app.dataSource.query(
        `INSERT INTO certificates (code, enrollment_id, issued_at, locale, pdf)
         VALUES ($1, $2, now(), 'ru', '\\x255044462d')`,
        [`TEST${randomInt(1e9)}${randomInt(1e9)}`, mergedShared],
      );
      const marker = (await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [HOME] })).id;
      for (const [traineeId, status] of [
        [survivor, 'absent'],
        [merged, 'present'],
      ]) {
        await app.dataSource.query(
          `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, now())`,
          [sharedSession, traineeId, status, marker],
        );
        await app.dataSource.query(
          `INSERT INTO assessments (event_id, trainee_id, pre_score, post_score) VALUES ($1, $2, 40, $3)`,
          [shared, traineeId, status === 'present' ? 85 : 50],
        );
      }
      // Only the duplicate at event 2, with a mark and scores.
      const own = await createEvent(app.dataSource, { countryCode: HOME });
      const ownSession = await createSession(app.dataSource, own);
      const mergedOwn = await enroll(app.dataSource, own, merged);
      await app.dataSource.query(
        `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at)
         VALUES (gen_random_uuid(), $1, $2, 'late', $3, now())`,
        [ownSession, merged, marker],
      );
      await app.dataSource.query(
        `INSERT INTO assessments (event_id, trainee_id, pre_score, post_score) VALUES ($1, $2, 30, 70)`,
        [own, merged],
      );
      return { surname, survivor, merged, shared, own, survivorShared, mergedShared, mergedOwn };
    }

    /** Every row of both trainees and their training records, for comparing before and after. */
    const snapshot = async (ids: string[]) => {
      const [rows] = await app.dataSource.query<{ snapshot: unknown }[]>(
        `SELECT jsonb_build_object(
           'trainees', (SELECT jsonb_agg(to_jsonb(t) - 'updated_at' ORDER BY t.id) FROM trainees t WHERE t.id = ANY($1)),
           'enrollments', (SELECT jsonb_agg(to_jsonb(e) ORDER BY e.id) FROM enrollments e WHERE e.trainee_id = ANY($1)),
           'marks', (SELECT jsonb_agg(to_jsonb(m) ORDER BY m.id) FROM attendance_marks m WHERE m.trainee_id = ANY($1)),
           'assessments', (SELECT jsonb_agg(to_jsonb(a) - 'updated_at' ORDER BY a.id) FROM assessments a WHERE a.trainee_id = ANY($1)),
           'certificates', (SELECT jsonb_agg(jsonb_build_object('id', c.id, 'enrollment', c.enrollment_id) ORDER BY c.id)
                              FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.trainee_id = ANY($1))
         ) AS snapshot`,
        [ids],
      );
      return rows.snapshot;
    };
    const ownerOf = async (table: string, ids: string[]) =>
      (
        await app.dataSource.query<{ trainee_id: string }[]>(`SELECT trainee_id FROM ${table} WHERE id = ANY($1)`, [
          ids,
        ])
      ).map((row) => row.trainee_id);

    it('moves every record to the survivor, keeps the better at a shared event, retires the duplicate; undo restores all', async () => {
      const x = await arrange();
      const before = await snapshot([x.survivor, x.merged]);
      expect(pairIn(await queue(officer), x.survivor, x.merged)).toBe(true);

      const res = await post('/duplicates/merge', officer, {
        survivorId: x.survivor,
        mergedId: x.merged,
        values: { fullName: 'merged', phone: 'merged' },
      });
      expect(res.statusCode).toBe(201);
      const merge = res.json<{
        id: string;
        moved: Record<string, number>;
        removed: Record<string, number>;
        decisions: unknown[];
      }>();
      expect(merge.decisions).toEqual([{ eventId: x.shared, kept: 'merged', reason: 'certificate' }]);
      expect(merge.moved).toEqual({ enrollments: 2, attendanceMarks: 2, assessments: 2 });
      expect(merge.removed).toEqual({ enrollments: 1, attendanceMarks: 1, assessments: 1 });

      // The certified enrollment and the duplicate's own event now belong to the survivor.
      expect(await ownerOf('enrollments', [x.mergedShared, x.mergedOwn])).toEqual([x.survivor, x.survivor]);
      expect(await ownerOf('enrollments', [x.survivorShared])).toEqual([]);
      const [{ n: leftBehind }] = await app.dataSource.query<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM enrollments WHERE trainee_id = $1) + (SELECT count(*) FROM attendance_marks WHERE trainee_id = $1)
              + (SELECT count(*) FROM assessments WHERE trainee_id = $1) AS n`,
        [x.merged],
      );
      expect(Number(leftBehind)).toBe(0);
      const [{ post_score: kept }] = await app.dataSource.query<{ post_score: number }[]>(
        'SELECT post_score FROM assessments WHERE trainee_id = $1 AND event_id = $2',
        [x.survivor, x.shared],
      );
      expect(kept).toBe(85);

      const survivor = await app.request({ method: 'GET', url: `/trainees/${x.survivor}`, headers: officer });
      expect(survivor.json()).toMatchObject({
        fullName: `${x.surname} Азамат Талантбекович`,
        phone: '+996555123456',
        birthYear: 1980,
      });
      const retired = await app.request({ method: 'GET', url: `/trainees/${x.merged}`, headers: officer });
      expect(retired.json()).toMatchObject({ mergedIntoId: x.survivor });
      const listed = await app.request({
        method: 'GET',
        url: `/trainees?country=${HOME}&search=${encodeURIComponent(x.surname)}`,
        headers: officer,
      });
      expect(listed.json<{ items: { id: string }[] }>().items.map((t) => t.id)).toEqual([x.survivor]);
      expect(pairIn(await queue(officer), x.survivor, x.merged)).toBe(false);
      // A retired record is not changed, merged or marked again.
      const patch = await app.request({
        method: 'PATCH',
        url: `/trainees/${x.merged}`,
        headers: officer,
        payload: { sex: 'female' },
      });
      expect(patch.statusCode).toBe(409);
      expect(
        (await post('/duplicates/merge', officer, { survivorId: x.survivor, mergedId: x.merged })).json(),
      ).toMatchObject({ code: 'trainee_merged' });

      const [audit] = await app.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM audit_log WHERE entity_id = $1`,
        [merge.id],
      );
      expect(Number(audit.n)).toBeGreaterThanOrEqual(4);

      // Another country's officer: as if the merge did not exist.
      expect((await post(`/duplicates/merges/${merge.id}/undo`, otherOfficer, {})).statusCode).toBe(404);
      const undone = await post(`/duplicates/merges/${merge.id}/undo`, officer, {});
      expect(undone.statusCode).toBe(200);
      expect(await snapshot([x.survivor, x.merged])).toEqual(before);
      expect(pairIn(await queue(officer), x.survivor, x.merged)).toBe(true);

      const twice = await post(`/duplicates/merges/${merge.id}/undo`, officer, {});
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ code: 'merge_already_undone' });
    });

    it('refuses an undo after MERGE_UNDO_DAYS', async () => {
      const x = await arrange();
      const res = await post('/duplicates/merge', admin, { survivorId: x.survivor, mergedId: x.merged });
      const { id } = res.json<{ id: string }>();
      await app.dataSource.query(`UPDATE trainee_merges SET merged_at = now() - interval '31 days' WHERE id = $1`, [
        id,
      ]);
      const late = await post(`/duplicates/merges/${id}/undo`, officer, {});
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({
        code: 'merge_undo_expired',
        message: 'A merge can be undone only within 30 days.',
      });
    });

    it('refuses to merge when both hold a certificate for one event', async () => {
      const x = await arrange();
      await app.dataSource.query(
        `INSERT INTO certificates (code, enrollment_id, issued_at, locale, pdf) VALUES ($1, $2, now(), 'ru', '\\x2550')`,
        [`TEST${randomInt(1e9)}${randomInt(1e9)}`, x.survivorShared],
      );
      const res = await post('/duplicates/merge', officer, { survivorId: x.survivor, mergedId: x.merged });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'merge_both_certified' });
      expect(await ownerOf('enrollments', [x.mergedOwn])).toEqual([x.merged]);
    });

    it('lists the merges of one’s countries only', async () => {
      const x = await arrange();
      const { id } = (await post('/duplicates/merge', officer, { survivorId: x.survivor, mergedId: x.merged })).json<{
        id: string;
      }>();
      const mine = await app.request({ method: 'GET', url: '/duplicates/merges?limit=100', headers: officer });
      expect(mine.json<{ items: { id: string }[] }>().items.map((m) => m.id)).toContain(id);
      const theirs = await app.request({ method: 'GET', url: '/duplicates/merges?limit=100', headers: otherOfficer });
      expect(theirs.json<{ items: { id: string }[] }>().items.map((m) => m.id)).not.toContain(id);
    });
  });
});
