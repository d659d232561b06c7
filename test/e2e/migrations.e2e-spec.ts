import { DataSource } from 'typeorm';

import { pendingSchemaChanges } from '@cascade/database';

import { dataSourceOptions } from '../../src/data-source.js';
import { seedDemoData } from '../../src/demo/demo-data.js';
import { stableUuid } from '../../src/demo/training-records.js';
import { auditPolicyOf } from '../../src/modules/audit/audited.decorator.js';
import { migrate, testDatabaseUrl } from '../support/test-app.js';

describe('migrations', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    await migrate();
    dataSource = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
  });
  afterAll(() => dataSource.destroy());

  it('match the entities: a freshly generated migration would be empty', async () => {
    const { up } = await pendingSchemaChanges(dataSource);
    expect(up).toEqual([]);
  });

  it('leave no migration pending', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('keep synchronize off', () => {
    expect(dataSource.options.synchronize).toBe(false);
  });
});

describe('every migration', () => {
  it('reverts down to an empty database and applies again', async () => {
    const name = `cascade_revert_${process.pid}`;
    const admin = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const scratch = await new DataSource(
      dataSourceOptions(testDatabaseUrl().replace(/\/[^/]+$/, `/${name}`)),
    ).initialize();
    try {
      const applied = await scratch.runMigrations();
      for (let i = 0; i < applied.length; i++) await scratch.undoLastMigration();
      const tables = await scratch.query<{ tablename: string }[]>(
        // TypeORM's own: the migrations run and its metadata (generated columns' expressions).
        `SELECT tablename FROM pg_tables
          WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'typeorm_metadata')`,
      );
      expect(tables.map((table) => table.tablename)).toEqual([]);
      expect(await scratch.runMigrations()).toHaveLength(applied.length);
      expect((await pendingSchemaChanges(scratch)).up).toEqual([]);
    } finally {
      await scratch.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    }
  });
});

describe('demo data', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    await migrate();
    dataSource = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
  });
  afterAll(() => dataSource.destroy());

  it('is seeded once: a second run adds nothing', async () => {
    await seedDemoData(dataSource);
    const again = await seedDemoData(dataSource);
    expect(again).toEqual({
      countriesAdded: 0,
      regionsAdded: 0,
      organizationsAdded: 0,
      usersAdded: 0,
      training: { trainers: 0, courses: 0, events: 0, trainees: 0, attendanceMarks: 0, completedEventIds: [] },
    });
    const rows = await dataSource.query<{ code: string }[]>('SELECT code FROM countries ORDER BY code');
    expect(rows.map((r) => r.code)).toEqual(expect.arrayContaining(['KG', 'TJ', 'UA']));
  });
});

describe('the demo training records', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    await migrate();
    dataSource = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
    await seedDemoData(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const demoRows = <T>(sql: string, parameters: unknown[] = []) => dataSource.query<T[]>(sql, parameters);
  const masters = ['KG', 'TJ', 'UA'].map((code) => stableUuid(`trainer:${code}:0:0`));
  const events = ['KG', 'TJ', 'UA'].flatMap((code) =>
    Array.from({ length: 20 }, (_, n) => stableUuid(`event:${code}:${n}`)),
  );

  it('give every country a three-generation cascade under one master trainer', async () => {
    const rows = await demoRows<{ country_code: string; masters: string; national: string; depth: number }>(
      `WITH RECURSIVE tree AS (
         SELECT id, country_code, 0 AS depth FROM trainers WHERE id = ANY($1)
         UNION ALL
         SELECT l.trainer_id, tree.country_code, tree.depth + 1 FROM trainer_links l JOIN tree ON l.trained_by_id = tree.id
       )
       SELECT country_code, count(*) FILTER (WHERE depth = 0)::text AS masters,
              count(*) FILTER (WHERE depth > 0)::text AS national, max(depth) AS depth
         FROM tree GROUP BY country_code ORDER BY country_code`,
      [masters],
    );
    expect(rows.map((r) => [r.country_code, r.masters, r.depth])).toEqual([
      ['KG', '1', 3],
      ['TJ', '1', 3],
      ['UA', '1', 3],
    ]);
  });

  it('hold past, ongoing and planned events, each led by a trainer of its country', async () => {
    const statuses = await demoRows<{ status: string }>(
      'SELECT DISTINCT status::text FROM training_events WHERE id = ANY($1) ORDER BY 1',
      [events],
    );
    expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(['completed', 'ongoing', 'planned']));
    const unled = await demoRows<unknown>(
      `SELECT e.id FROM training_events e
        WHERE NOT EXISTS (SELECT 1 FROM event_trainers et JOIN trainers t ON t.id = et.trainer_id
                           WHERE et.event_id = e.id AND et.role = 'lead' AND t.country_code = e.country_code)
          AND e.id = ANY($1)`,
      [events],
    );
    expect(unled).toEqual([]);
  });

  it('hold feedback answers and trainers asked to repeat a step, so every report figure shows something', async () => {
    const feedback = await demoRows<{ country: string; answers: number; mean: string; rate: string }>(
      `SELECT e.country_code AS country, count(*)::int AS answers, round(avg(a.overall), 1)::text AS mean,
              round(100.0 * count(*) / (SELECT count(*) FROM enrollments en JOIN training_events e2 ON e2.id = en.event_id
                                        WHERE e2.country_code = e.country_code AND e2.status = 'completed'
                                          AND en.status <> 'withdrawn' AND e2.id = ANY($1)))::text AS rate
         FROM feedback_answers a JOIN training_events e ON e.id = a.event_id
        WHERE e.id = ANY($1) GROUP BY e.country_code ORDER BY 1`,
      [events],
    );
    expect(feedback.map((row) => row.country)).toEqual(['KG', 'TJ', 'UA']);
    for (const row of feedback) {
      expect(Number(row.mean)).toBeGreaterThanOrEqual(3);
      expect(Number(row.mean)).toBeLessThanOrEqual(5);
      expect(Number(row.rate)).toBeGreaterThan(40);
      expect(Number(row.rate)).toBeLessThan(90);
    }
    // Asked to repeat the observation on 2025-09-15, its deadline extended once: certified before, not after.
    const repeated = await demoRows<{ trainer_id: string; before: boolean; after: boolean; extensions: number }>(
      `SELECT tr.trainer_id,
              (SELECT certified FROM trainer_certification_at('2025-06-30') c WHERE c.trainer_id = tr.trainer_id) AS before,
              (SELECT certified FROM trainer_certification_at('2025-12-31') c WHERE c.trainer_id = tr.trainer_id) AS after,
              (SELECT count(*)::int FROM trainer_requirement_changes ch
                WHERE ch.trainer_requirement_id = tr.id AND ch.kind = 'extension') AS extensions
         FROM trainer_requirements tr
        WHERE tr.state = 'repeat_requested'
          -- the demo's trainers only: other test files share this database
          AND tr.trainer_id IN (SELECT et.trainer_id FROM event_trainers et WHERE et.event_id = ANY($1))`,
      [events],
    );
    expect(repeated.length).toBeGreaterThanOrEqual(3);
    for (const row of repeated) expect([row.after, row.extensions]).toEqual([false, 1]);
    expect(repeated.some((row) => row.before)).toBe(true);
  });

  it('mark attendance only for sessions already held, and only for enrolled trainees', async () => {
    const stray = await demoRows<unknown>(
      `SELECT m.id FROM attendance_marks m
         JOIN training_sessions s ON s.id = m.session_id
         JOIN training_events e ON e.id = s.event_id
        WHERE e.id = ANY($1)
          AND (e.status = 'planned'
               OR NOT EXISTS (SELECT 1 FROM enrollments en WHERE en.event_id = e.id AND en.trainee_id = m.trainee_id))`,
      [events],
    );
    expect(stray).toEqual([]);
  });
});

describe('audited entities', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
  });
  afterAll(() => dataSource.destroy());

  it('keep their links in columns: a change to a many-to-many join table would escape the audit log', () => {
    const withJoinTables = dataSource.entityMetadatas
      .filter((metadata) => auditPolicyOf(metadata.target) && metadata.manyToManyRelations.length > 0)
      .map((metadata) => metadata.name);
    expect(withJoinTables).toEqual([]);
  });
});
