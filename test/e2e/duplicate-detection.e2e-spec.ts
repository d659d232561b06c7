import type { DataSource } from 'typeorm';

import { sqlBlockingKeys, sqlNameInitials } from '../../migrations/1795477500001-ComputeBlockingKeysInPlpgsql.js';
import { DuplicateDetector } from '../../src/modules/trainees/duplicates/duplicate-detector.service.js';
import { DUPLICATE_THRESHOLD } from '../../src/modules/trainees/duplicates/duplicate-score.js';
import { nameKeyOf } from '../../src/modules/trainees/duplicates/name-key.js';
import { DUPLICATE_NAME_PAIRS } from '../fixtures/duplicate-name-pairs.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A country of its own (ISO's user-assigned range), so no other test file's trainee is a candidate. */
const COUNTRY = 'QD';

async function recordA(dataSource: DataSource): Promise<string[]> {
  await dataSource.query(
    `INSERT INTO countries (code, names) VALUES ($1, '{"en":"Dedupe test land"}') ON CONFLICT (code) DO NOTHING`,
    [COUNTRY],
  );
  const names = DUPLICATE_NAME_PAIRS.map(([a]) => a);
  const keys = names.map((name) => nameKeyOf(name));
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO trainees (full_name, sex, profession, country_code, consent_given_at, birth_year, name_key, patronymic_key)
     SELECT full_name, 'not_recorded', 'forensic_expert', $1, now(), birth_year, name_key, patronymic_key
       FROM unnest($2::text[], $3::int[], $4::text[], $5::text[]) WITH ORDINALITY
            AS t(full_name, birth_year, name_key, patronymic_key, ord)
      ORDER BY ord
     RETURNING id`,
    [
      COUNTRY,
      names,
      DUPLICATE_NAME_PAIRS.map(([, , , , aYear]) => aYear ?? null),
      keys.map((key) => key.key),
      keys.map((key) => key.patronymic),
    ],
  );
  return rows.map((row) => row.id);
}

describe('duplicate detection, measured on labelled name pairs', () => {
  let app: TestApp;
  let ids: string[];

  beforeAll(async () => {
    app = await startTestApp();
    ids = await recordA(app.dataSource);
  });
  afterAll(() => app.close());

  it('finds at least 97% of the duplicates with at least 95% precision, in one query for all', async () => {
    expect(DUPLICATE_NAME_PAIRS.length).toBeGreaterThanOrEqual(200);
    const detector = app.api.get(DuplicateDetector);
    const candidates = await detector.findCandidates(
      app.dataSource.manager,
      DUPLICATE_NAME_PAIRS.map(([, b, , , , bYear]) => ({
        fullName: b,
        countryCode: COUNTRY,
        birthYear: bYear ?? null,
      })),
      { limit: 100 },
    );
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const misses: string[] = [];
    DUPLICATE_NAME_PAIRS.forEach(([a, b, same, kind], i) => {
      const found = candidates[i].find((candidate) => candidate.traineeId === ids[i]);
      if (found && same) truePositives++;
      if (found && !same) falsePositives++;
      if (!found && same) falseNegatives++;
      if (Boolean(found) !== same) {
        misses.push(`${same ? 'missed' : 'false alarm'} (${kind}): ${a} ~ ${b} ${found ? found.score : ''}`);
      }
    });
    const recall = truePositives / (truePositives + falseNegatives);
    const precision = truePositives / (truePositives + falsePositives);
    const positives = DUPLICATE_NAME_PAIRS.filter(([, , same]) => same).length;
    console.log(
      [
        `Duplicate detection on ${DUPLICATE_NAME_PAIRS.length} labelled pairs ` +
          `(${positives} same person, ${DUPLICATE_NAME_PAIRS.length - positives} different), threshold ${DUPLICATE_THRESHOLD}:`,
        `recall ${recall.toFixed(3)} (${truePositives}/${truePositives + falseNegatives}), ` +
          `precision ${precision.toFixed(3)} (${truePositives}/${truePositives + falsePositives})`,
        ...misses,
      ].join('\n'),
    );
    expect(recall).toBeGreaterThanOrEqual(0.97);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it('finds the hard cases: ҷ typed as ч or ch, Kyrgyz typos without a birth year; not brothers born the same year', async () => {
    const detector = app.api.get(DuplicateDetector);
    const pairOf = (a: string, b: string) =>
      DUPLICATE_NAME_PAIRS.findIndex(([first, second]) => first === a && second === b);
    const hard: [string, string, boolean][] = [
      ['Қодиров Ҷамшед', 'Kodirov Chamshed', true],
      ['Қодиров Ҷамшед', 'Кодиров Чамшед', true],
      ['Өмүрзакова Айпери', 'Омурзакова Айпер', true],
      ['Сыдыкова Жылдыз', 'Сыдыкова Жылдз', true],
      ['Нурбек Өмүрзаков', 'Өмүрбек Өмүрзаков', false],
    ];
    for (const [a, b, same] of hard) {
      const i = pairOf(a, b);
      expect(i).toBeGreaterThanOrEqual(0);
      const [, , , , , bYear] = DUPLICATE_NAME_PAIRS[i];
      // Set A holds some names more than once (one record a pair): all of a name's records are asked for.
      const [found] = await detector.findCandidates(
        app.dataSource.manager,
        [{ fullName: b, countryCode: COUNTRY, birthYear: bYear ?? null }],
        { limit: 100 },
      );
      expect({ a, b, found: found.some((candidate) => candidate.traineeId === ids[i]) }).toEqual({ a, b, found: same });
    }
  });

  it('computes the blocking keys and name initials as their first, SQL, definitions did', async () => {
    const names = DUPLICATE_NAME_PAIRS.flatMap(([a, b]) => [a, b]).map((name) => nameKeyOf(name).key);
    const edges = ['', ' ', 'a', 'x', 'a  b', 'aa ee ii oo uu', 'ghani ghani', 'nurbek nurbek nurbek', 'abc abd abe'];
    const keys = [...names, ...edges, 'toktogulov nurlan asanovich bek extra', null];
    const phones = keys.map((_, i) =>
      i % 3 === 0 ? `+99655512${String(i).padStart(4, '0')}` : i % 3 === 1 ? '' : null,
    );
    const differing = await app.dataSource.transaction(async (manager) => {
      await manager.query(sqlBlockingKeys('pg_temp.first_blocking_keys'));
      await manager.query(sqlNameInitials('pg_temp.first_name_initials'));
      const rows: { differing: number }[] = await manager.query(
        `SELECT count(*)::int AS differing FROM unnest($1::text[], $2::text[], $3::text[]) AS n(country, key, phone)
          WHERE trainee_blocking_keys(n.country, n.key, n.phone)
                  IS DISTINCT FROM pg_temp.first_blocking_keys(n.country, n.key, n.phone)
             OR trainee_name_initials(n.key) IS DISTINCT FROM pg_temp.first_name_initials(n.key)`,
        [keys.map((_, i) => (i === 1 ? null : 'KG')), keys, phones],
      );
      await manager.query('DROP FUNCTION pg_temp.first_blocking_keys, pg_temp.first_name_initials');
      return rows[0].differing;
    });
    expect(names.length).toBeGreaterThan(500);
    expect(differing).toBe(0);
  });

  it('looks candidates up through the GIN index on the blocking keys', async () => {
    const plan = await app.dataSource.transaction(async (manager) => {
      // The table is small in a test: make the planner show it can use the index.
      await manager.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await manager.query(
        `EXPLAIN SELECT id FROM trainees t WHERE t.blocking_keys && trainee_blocking_keys('KG', $1, NULL)`,
        ['nurlan toktogulov'],
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('trainees_blocking_keys_idx');
  });
});
