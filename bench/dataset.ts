import type pg from 'pg';

import {
  BENCH_COUNTRIES,
  COUNTRIES,
  FAMILY,
  FAMILY_LATIN,
  GIVEN,
  GIVEN_LATIN,
  INDICATORS,
  ORGANIZATION_TYPES,
  PROFESSIONS,
} from './dataset-values.js';

/**
 * The benchmark's synthetic program, built inside PostgreSQL (generate_series, INSERT … SELECT) so
 * a million attendance marks take seconds, not the minutes row-by-row inserts from Node would.
 * Ids are md5 hashes of a row's number, so later statements find their parents by arithmetic.
 */

export const SIZES = {
  countries: 5,
  trainees: 100_000,
  /** Past events, plus POOL_EVENTS under way for the attendance load. */
  events: 4_900,
  trainersPerCountry: 100,
  organizationsPerCountry: 40,
  attendanceMarks: 1_000_000,
};

/** Events under way today, taught by the benchmark's trainer: the sessions the attendance load writes to. */
export const POOL_EVENTS = 100;
export const POOL_PARTICIPANTS = 30;
const POOL_DAYS = 3;
const POOL_SESSIONS_PER_DAY = 4;

export const BENCH_OFFICER_EMAIL = 'officer@bench.cascade.test';
export const BENCH_TRAINER_EMAIL = 'trainer@bench.cascade.test';
export const BENCH_PASSWORD = 'istanbul-protocol-bench';

const array = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;
/** The n-th value of a list, n any integer expression. */
const pick = (values: readonly string[], n: string) => `(${array(values)})[1 + ((${n}) % ${values.length})]`;
/** A stable uuid for the row numbered by `key` among rows of `kind`, shaped as a version 4 one (the API checks). */
export const uid = (kind: string, key: string) =>
  `overlay(overlay(md5('${kind}:' || (${key})) placing '4' from 13) placing '8' from 17)::uuid`;

export interface DatasetSizes {
  countries: number;
  regions: number;
  organizations: number;
  trainers: number;
  trainees: number;
  courses: number;
  events: number;
  sessions: number;
  enrollments: number;
  attendanceMarks: number;
  assessments: number;
  certificates: number;
  countryTargets: number;
}

export async function countRows(client: pg.Client): Promise<DatasetSizes> {
  const tables: [keyof DatasetSizes, string][] = [
    ['countries', 'countries'],
    ['regions', 'regions'],
    ['organizations', 'organizations'],
    ['trainers', 'trainers'],
    ['trainees', 'trainees'],
    ['courses', 'courses'],
    ['events', 'training_events'],
    ['sessions', 'training_sessions'],
    ['enrollments', 'enrollments'],
    ['attendanceMarks', 'attendance_marks'],
    ['assessments', 'assessments'],
    ['certificates', 'certificates'],
    ['countryTargets', 'country_targets'],
  ];
  const { rows } = await client.query<Record<string, string>>(
    `SELECT ${tables.map(([key, table]) => `(SELECT count(*) FROM ${table}) AS "${key}"`).join(', ')}`,
  );
  return Object.fromEntries(tables.map(([key]) => [key, Number(rows[0][key])])) as unknown as DatasetSizes;
}

/** Whether the database already holds the benchmark's data (a second run on BENCH_DATABASE_URL). */
export async function isSeeded(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ seeded: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS seeded`,
    [BENCH_TRAINER_EMAIL],
  );
  return rows[0].seeded;
}

export async function isEmpty(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ empty: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM trainees) AND NOT EXISTS (SELECT 1 FROM training_events) AS empty`,
  );
  return rows[0].empty;
}

/**
 * Fills an empty, migrated database. `passwordHash` is the argon2 hash of BENCH_PASSWORD for the
 * two accounts the benchmark signs in with: an officer of every country and a national trainer.
 */
export async function seed(client: pg.Client, passwordHash: string, say: (line: string) => void): Promise<void> {
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = performance.now();
    const result = await client.query(sql, params);
    const rows = result.rowCount ?? 0;
    say(`  ${label}: ${rows.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const countries = COUNTRIES.length;
  const perCountry = SIZES.trainees / countries;
  const country = (n: string) => `(${array(BENCH_COUNTRIES)})[1 + ((${n}) % ${countries})]`;

  // The data is made consistent by construction: foreign-key triggers would only slow the load.
  await client.query(`SET session_replication_role = replica`).catch(() => undefined);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  await client.query('BEGIN');

  await step(
    'countries and regions',
    `WITH c AS (
       INSERT INTO countries (code, names)
       SELECT code, jsonb_build_object('en', en, 'ru', ru, 'ky', ru, 'tg', ru, 'uk', ru)
         FROM jsonb_to_recordset($1::jsonb) AS x(code text, en text, ru text)
       ON CONFLICT (code) DO NOTHING RETURNING code
     )
     INSERT INTO regions (code, country_code, names)
     SELECT code, country, jsonb_build_object('en', en, 'ru', ru, 'ky', ru, 'tg', ru, 'uk', ru)
       FROM jsonb_to_recordset($2::jsonb) AS x(code text, country text, en text, ru text)
     ON CONFLICT (code) DO NOTHING`,
    [
      JSON.stringify(COUNTRIES.map(({ code, en, ru }) => ({ code, en, ru }))),
      JSON.stringify(COUNTRIES.flatMap((c) => c.regions.map(([code, en, ru]) => ({ code, country: c.code, en, ru })))),
    ],
  );
  // The region of a country's row: the country's regions, numbered 1.. by code.
  await client.query(
    `CREATE TEMP TABLE bench_regions AS
     SELECT country_code, code, row_number() OVER (PARTITION BY country_code ORDER BY code) - 1 AS i,
            count(*) OVER (PARTITION BY country_code) AS of
       FROM regions WHERE country_code = ANY($1)`,
    [BENCH_COUNTRIES],
  );
  const regionOf = (countryExpr: string, n: string) =>
    `(SELECT r.code FROM bench_regions r WHERE r.country_code = ${countryExpr} AND r.i = (${n}) % r.of)`;

  await step(
    'users',
    `INSERT INTO users (email, display_name, role, locale, password_hash, countries) VALUES
       ($1, 'Бакыт Жумабеков', 'program_officer', 'en', $3, $4),
       ($2, 'Нурлан Тоқтоғулов', 'trainer', 'en', $3, '{KG}')`,
    [BENCH_OFFICER_EMAIL, BENCH_TRAINER_EMAIL, passwordHash, BENCH_COUNTRIES],
  );
  const { rows: users } = await client.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [
    BENCH_TRAINER_EMAIL,
  ]);
  const trainerUserId = users[0].id;

  await step(
    'organizations',
    `INSERT INTO organizations (id, name, type, country_code, region_code)
     SELECT ${uid('org', `c || ':' || k`)}, ${pick(ORGANIZATION_TYPES, 'k')} || ' №' || (k + 1),
            ${pick(ORGANIZATION_TYPES, 'k')}::organization_type, c, ${regionOf('c', 'k')}
       FROM unnest($1::text[]) AS c, generate_series(0, ${SIZES.organizationsPerCountry - 1}) AS k`,
    [BENCH_COUNTRIES],
  );

  await step(
    'trainers',
    `INSERT INTO trainers (id, full_name, latin_name, sex, country_code, region_code, level, status, languages)
     SELECT ${uid('trainer', `c || ':' || k`)}, ${pick(GIVEN, 'k')} || ' ' || ${pick(FAMILY, 'k / 10')},
            ${pick(GIVEN_LATIN, 'k')} || ' ' || ${pick(FAMILY_LATIN, 'k / 10')},
            (CASE WHEN k % 2 = 0 THEN 'female' ELSE 'male' END)::sex, c, ${regionOf('c', 'k')},
            (CASE WHEN k < 10 THEN 'master' ELSE 'national' END)::trainer_level,
            (CASE WHEN k % 10 < 8 THEN 'active' WHEN k % 10 = 8 THEN 'candidate' ELSE 'inactive' END)::trainer_status,
            '{ru}'
       FROM unnest($1::text[]) AS c, generate_series(0, ${SIZES.trainersPerCountry - 1}) AS k`,
    [BENCH_COUNTRIES],
  );
  await client.query(
    `INSERT INTO trainers (id, full_name, latin_name, sex, country_code, region_code, level, status, languages, user_id)
     VALUES (${uid('trainer', `'bench'`)}, 'Нурлан Тоқтоғулов', 'Nurlan Toktogulov', 'male', 'KG', 'KG-GO',
             'national', 'active', '{ru,ky}', $1)`,
    [trainerUserId],
  );

  // Trainee n (1..) belongs to country (n - 1) % 5 and is that country's ((n - 1) / 5)-th.
  await step(
    'trainees',
    `INSERT INTO trainees (id, full_name, latin_name, sex, profession, organization_id, country_code, region_code,
                           birth_year, preferred_language, consent_given_at, created_at, updated_at)
     SELECT ${uid('trainee', 'n')}, ${pick(GIVEN, 'n * 7')} || ' ' || ${pick(FAMILY, 'n * 13')},
            ${pick(GIVEN_LATIN, 'n * 7')} || ' ' || ${pick(FAMILY_LATIN, 'n * 13')},
            (CASE WHEN n * 7919 % 100 < 55 THEN 'female' WHEN n * 7919 % 100 < 95 THEN 'male' ELSE 'not_recorded' END)::sex,
            ${pick(PROFESSIONS, 'n * 31 / 7')}::profession,
            CASE WHEN n % 10 = 0 THEN NULL ELSE ${uid('org', `${country('n - 1')} || ':' || (n * 13 % ${SIZES.organizationsPerCountry})`)} END,
            ${country('n - 1')}, ${regionOf(country('n - 1'), 'n * 17')},
            1960 + n % 39, 'ru', timestamptz '2021-06-01' + (n % 1500) * interval '1 day',
            timestamptz '2021-06-01' + (n % 1500) * interval '1 day', timestamptz '2021-06-01' + (n % 1500) * interval '1 day'
       FROM generate_series(1, $1::int) AS n`,
    [SIZES.trainees],
  );

  await step(
    'courses',
    `INSERT INTO courses (id, titles, target_professions)
     SELECT ${uid('course', 'k')}, jsonb_build_object('en', title, 'ru', title), '{forensic_expert,psychiatrist,psychologist}'
       FROM unnest(ARRAY['Istanbul Protocol for forensic experts', 'Istanbul Protocol for lawyers and judges',
                         'Psychological evaluation under the Istanbul Protocol', 'Training of trainers'])
            WITH ORDINALITY AS x(title, k)`,
  );

  // Event n (1..): country (n - 1) % 5, 2–4 days from 2022 to October 2026, 2–4 sessions a day,
  // 16–32 participants; one in 33 cancelled. The pool events (numbered after) run today.
  await client.query(
    `CREATE TEMP TABLE bench_events AS
     SELECT n, ${uid('event', 'n')} AS id, ${country('n - 1')} AS country_code, (n - 1) % ${countries} AS ci,
            2 + n % 3 AS days, 2 + (n / 3) % 3 AS per_day, 16 + (n * 7) % 17 AS participants,
            date '2022-01-03' + (n * 104729) % 1760 AS start_date, n % 33 = 0 AS cancelled, false AS pool
       FROM generate_series(1, $1::int) AS n
     UNION ALL
     SELECT n, ${uid('event', 'n')}, 'KG', 0, ${POOL_DAYS}, ${POOL_SESSIONS_PER_DAY}, ${POOL_PARTICIPANTS},
            current_date - 1, false, true
       FROM generate_series($1::int + 1, $1::int + $2::int) AS n`,
    [SIZES.events, POOL_EVENTS],
  );
  await step(
    'events',
    `INSERT INTO training_events (id, course_id, country_code, region_code, venue, language, start_date, end_date,
                                  capacity, status)
     SELECT e.id, ${uid('course', '1 + e.n % 4')}, e.country_code, ${regionOf('e.country_code', 'e.n * 11')},
            'Training centre ' || (n % 50 + 1), CASE WHEN country_code = 'UA' THEN 'uk' ELSE 'ru' END,
            start_date, start_date + days - 1, 32,
            (CASE WHEN pool THEN 'ongoing' WHEN cancelled THEN 'cancelled' ELSE 'completed' END)::event_status
       FROM bench_events e`,
  );
  await step(
    'event trainers',
    `INSERT INTO event_trainers (event_id, trainer_id, role)
     SELECT e.id, ${uid('trainer', `e.country_code || ':' || ((e.n * 3 + r) % ${SIZES.trainersPerCountry})`)},
            (CASE WHEN r = 0 THEN 'lead' ELSE 'co_trainer' END)::event_trainer_role
       FROM bench_events e, generate_series(0, e.n % 3) AS r
      WHERE NOT e.pool
     UNION ALL
     SELECT e.id, ${uid('trainer', `'bench'`)}, 'lead' FROM bench_events e WHERE e.pool`,
  );
  await step(
    'sessions',
    `INSERT INTO training_sessions (id, event_id, date, start_time, end_time)
     SELECT ${uid('session', `e.n || ':' || d || ':' || s`)}, e.id, e.start_date + d,
            time '09:00' + s * interval '2 hours', time '10:30' + s * interval '2 hours'
       FROM bench_events e, generate_series(0, e.days - 1) AS d, generate_series(0, e.per_day - 1) AS s`,
  );
  // Participant j of event n: the country's trainee (n / 5 * 23 + j * 709) mod 20 000, all distinct.
  await step(
    'enrollments',
    `INSERT INTO enrollments (id, event_id, trainee_id, status, completed_at)
     SELECT ${uid('enrollment', `e.n || ':' || j`)}, e.id,
            ${uid('trainee', `((e.n / 5 * 23 + j * 709) % ${perCountry}) * ${countries} + e.ci + 1`)},
            (CASE WHEN e.pool THEN 'enrolled'
                  WHEN (e.n + j) % 33 = 0 THEN 'withdrawn'
                  WHEN e.cancelled OR (e.n * 7 + j) % 8 = 0 THEN 'enrolled'
                  ELSE 'completed' END)::enrollment_status,
            CASE WHEN NOT e.pool AND NOT e.cancelled AND (e.n + j) % 33 <> 0 AND (e.n * 7 + j) % 8 <> 0
                 THEN (e.start_date + e.days + 1)::timestamptz END
       FROM bench_events e, generate_series(0, e.participants - 1) AS j`,
  );
  await step(
    'attendance marks',
    `INSERT INTO attendance_marks (id, session_id, trainee_id, status, marked_by_id, marked_at, recorded_at)
     SELECT gen_random_uuid(), s.id, en.trainee_id,
            (CASE WHEN h < 85 THEN 'present' WHEN h < 90 THEN 'late' WHEN h < 94 THEN 'excused' ELSE 'absent' END)::attendance_status,
            $1, s.date + s.end_time, s.date + s.end_time
       FROM (SELECT s.*, e.n FROM training_sessions s JOIN bench_events e ON e.id = s.event_id
              WHERE NOT e.pool AND NOT e.cancelled) s
       JOIN enrollments en ON en.event_id = s.event_id AND en.status <> 'withdrawn',
            LATERAL (SELECT abs(hashtext(s.id::text || en.trainee_id::text)) % 100 AS h) x
      LIMIT $2`,
    [trainerUserId, SIZES.attendanceMarks],
  );
  await step(
    'assessments',
    `INSERT INTO assessments (event_id, trainee_id, pre_score, post_score)
     SELECT en.event_id, en.trainee_id, pre, CASE WHEN h % 20 = 0 THEN NULL ELSE least(100, pre + 5 + h % 30) END
       FROM enrollments en JOIN bench_events e ON e.id = en.event_id AND NOT e.pool AND NOT e.cancelled,
            LATERAL (SELECT abs(hashtext(en.id::text)) AS h) x, LATERAL (SELECT 35 + h % 35 AS pre) p
      WHERE en.status <> 'withdrawn'`,
  );
  await step(
    'certificates',
    `INSERT INTO certificates (code, enrollment_id, issued_at, locale, pdf)
     SELECT 'BENCH-' || lpad(row_number() OVER ()::text, 8, '0'), en.id, en.completed_at + interval '2 days', 'ru', '\\x'
       FROM enrollments en
      WHERE en.status = 'completed' AND abs(hashtext(en.id::text)) % 10 < 6`,
  );
  await step(
    'country targets',
    `INSERT INTO country_targets (country_code, year, indicator, breakdown_dimension, breakdown_value, target_value)
     SELECT c, y, i::report_indicator, NULL::target_dimension, NULL,
            CASE WHEN i IN ('attendance_rate') THEN 90 WHEN i LIKE 'mean_%' THEN 60 ELSE 1000 END
       FROM unnest($1::text[]) AS c, generate_series(2022, 2026) AS y, unnest($2::text[]) AS i
     UNION ALL
     SELECT c, y, 'completed_individuals', 'sex', s, 500
       FROM unnest($1::text[]) AS c, generate_series(2022, 2026) AS y, unnest(enum_range(NULL::sex)::text[]) AS s
     UNION ALL
     SELECT c, y, 'completed_individuals', 'profession', p, 100
       FROM unnest($1::text[]) AS c, generate_series(2022, 2026) AS y, unnest(enum_range(NULL::profession)::text[]) AS p`,
    [BENCH_COUNTRIES, INDICATORS],
  );
  await client.query('COMMIT');
  await client.query(`RESET session_replication_role`).catch(() => undefined);
  const started = performance.now();
  await client.query('VACUUM ANALYZE');
  say(`  vacuum analyze: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The sessions the attendance load writes to, each with its enrolled trainees, in a stable order. */
export async function poolSessions(client: pg.Client): Promise<{ sessionId: string; traineeIds: string[] }[]> {
  const { rows } = await client.query<{ session_id: string; trainee_ids: string[] }>(
    `SELECT s.id AS session_id, array_agg(en.trainee_id ORDER BY en.trainee_id) AS trainee_ids
       FROM training_sessions s
       JOIN training_events e ON e.id = s.event_id AND e.status = 'ongoing'
       JOIN event_trainers et ON et.event_id = e.id AND et.trainer_id = ${uid('trainer', `'bench'`)}
       JOIN enrollments en ON en.event_id = e.id AND en.status = 'enrolled'
      GROUP BY s.id ORDER BY s.id`,
  );
  return rows.map((row) => ({ sessionId: row.session_id, traineeIds: row.trainee_ids }));
}

/** Empties the pool's sessions, so each side of the attendance load starts from the same state. */
export async function clearPool(client: pg.Client): Promise<void> {
  await client.query(
    `DELETE FROM attendance_marks m USING training_sessions s, training_events e
      WHERE s.id = m.session_id AND e.id = s.event_id AND e.status = 'ongoing'
        AND e.id IN (SELECT event_id FROM event_trainers WHERE trainer_id = ${uid('trainer', `'bench'`)})`,
  );
  await client.query('VACUUM ANALYZE attendance_marks');
}
