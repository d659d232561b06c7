import { DataSource } from 'typeorm';

import { MakeTrainerCertificationData1795476900000 } from '../../migrations/1795476900000-MakeTrainerCertificationData.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/data-source.js';
import { testDatabaseUrl } from '../support/test-app.js';

/** The three fixed steps signed off before the migration are "passed" after it: nothing is lost, and back again. */
describe('the migration to certification as data', () => {
  const name = `cascade_certification_${process.pid}`;
  const url = testDatabaseUrl().replace(/\/[^/]+$/, `/${name}`);
  let admin: DataSource;

  beforeAll(async () => {
    admin = await new DataSource(dataSourceOptions(testDatabaseUrl())).initialize();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.destroy();
  });

  it('moves every sign-off, with its date, signer, event and note, into the history', async () => {
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(MakeTrainerCertificationData1795476900000));
    const old = await new DataSource({ ...dataSourceOptions(url), migrations: before }).initialize();
    await old.runMigrations();
    await old.query(
      `INSERT INTO countries (code, names) VALUES ('KG', '{"en":"Kyrgyzstan"}'), ('TJ', '{"en":"Tajikistan"}')`,
    );
    const [{ id: signer }] = await old.query<{ id: string }[]>(
      `INSERT INTO users (email, display_name, role, countries) VALUES ('o@example.test', 'Айнура Садыкова', 'program_officer', '{KG}') RETURNING id`,
    );
    const [{ id: trainer }] = await old.query<{ id: string }[]>(
      `INSERT INTO trainers (full_name, latin_name, country_code, level) VALUES ('Нурлан Тоқтоғулов', 'Nurlan Toktogulov', 'KG', 'national') RETURNING id`,
    );
    const [{ id: course }] = await old.query<{ id: string }[]>(
      `INSERT INTO courses (titles, min_attendance_percent) VALUES ('{"en":"IP"}', 80) RETURNING id`,
    );
    const [{ id: event }] = await old.query<{ id: string }[]>(
      `INSERT INTO training_events (course_id, country_code, venue, language, start_date, end_date, capacity)
       VALUES ($1, 'KG', 'Osh', 'ru', '2025-03-10', '2025-03-12', 20) RETURNING id`,
      [course],
    );
    await old.query(
      `INSERT INTO trainer_certification_steps (trainer_id, step, completed_on, signed_off_by_id, event_id, note) VALUES
         ($1, 'tot_completed', '2025-03-12', $2, $3, 'ToT in Osh'),
         ($1, 'co_taught', '2025-05-15', $2, NULL, NULL),
         ($1, 'observed', '2025-06-01', $2, NULL, 'Day 2')`,
      [trainer, signer, event],
    );
    await old.destroy();

    const migrated = await new DataSource(dataSourceOptions(url)).initialize();
    try {
      await migrated.runMigrations();
      expect(await migrated.query(`SELECT country_code, lapse_months FROM certification_programs ORDER BY 1`)).toEqual([
        { country_code: 'KG', lapse_months: 24 },
        { country_code: 'TJ', lapse_months: 24 },
      ]);
      const requirements = await migrated.query<{ code: string; ky: string; required: boolean; position: number }[]>(
        `SELECT code, titles->>'ky' AS ky, required, position FROM certification_requirements
          WHERE country_code = 'KG' ORDER BY position`,
      );
      expect(requirements).toEqual([
        { code: 'tot_completed', ky: 'Тренерлерди даярдоо курсунан өтүү', required: true, position: 1 },
        { code: 'co_taught', ky: 'Тренингди тренер менен бирге өткөрүү', required: true, position: 2 },
        { code: 'observed', ky: 'Байкоодон өтүү', required: true, position: 3 },
      ]);
      const history = await migrated.query(
        `SELECT r.code, tr.state, tr.state_on::text, tr.updated_by_id, c.kind, c.effective_on::text, c.event_id, c.note, c.actor_id
           FROM trainer_requirements tr
           JOIN certification_requirements r ON r.id = tr.requirement_id
           JOIN trainer_requirement_changes c ON c.trainer_requirement_id = tr.id
          WHERE tr.trainer_id = $1 ORDER BY r.position`,
        [trainer],
      );
      const row = (code: string, on: string, eventId: string | null, note: string | null) => ({
        code,
        state: 'passed',
        state_on: on,
        updated_by_id: signer,
        kind: 'state',
        effective_on: on,
        event_id: eventId,
        note,
        actor_id: signer,
      });
      expect(history).toEqual([
        row('tot_completed', '2025-03-12', event, 'ToT in Osh'),
        row('co_taught', '2025-05-15', null, null),
        row('observed', '2025-06-01', null, 'Day 2'),
      ]);
      const certifiedOn = async (day: string) =>
        (
          await migrated.query<{ certified: boolean }[]>(
            'SELECT certified FROM trainer_certification_at($1::date) WHERE trainer_id = $2',
            [day, trainer],
          )
        )[0].certified;
      expect(await certifiedOn('2025-05-31')).toBe(false);
      expect(await certifiedOn('2025-06-01')).toBe(true);
      // 24 months after the last step, without teaching: lapsed.
      expect(await certifiedOn('2027-06-01')).toBe(false);

      // Back down: the old table holds the three sign-offs again.
      while ((await migrated.query(`SELECT to_regclass('trainer_certification_steps') AS t`))[0].t === null) {
        await migrated.undoLastMigration();
      }
      expect(
        await migrated.query(
          `SELECT step::text, completed_on::text, event_id, note FROM trainer_certification_steps ORDER BY completed_on`,
        ),
      ).toEqual([
        { step: 'tot_completed', completed_on: '2025-03-12', event_id: event, note: 'ToT in Osh' },
        { step: 'co_taught', completed_on: '2025-05-15', event_id: null, note: null },
        { step: 'observed', completed_on: '2025-06-01', event_id: null, note: 'Day 2' },
      ]);
    } finally {
      await migrated.destroy();
    }
  });
});
