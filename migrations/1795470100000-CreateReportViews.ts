import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the progress report reads of other features' data, as named views (listed for the code in
 * src/modules/reports/report-views.ts): one row per fact the indicators count, with the event it
 * belongs to and, for facts about a trainee, the trainee's sex, profession and organisation type
 * for breakdowns. Those come through LEFT JOINs on primary keys (every fact's trainee exists: a
 * non-null foreign key), so the rows are those of an inner join and the planner drops the joins
 * when a breakdown does not read them. Plain views are inlined: the tables' indexes (the
 * certificates' issue date expression among them) are used as before.
 *
 * A later migration that changes a column these views read drops them first and creates them again.
 */
export class CreateReportViews1795470100000 implements MigrationInterface {
  name = 'CreateReportViews1795470100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, sql] of VIEWS) await queryRunner.query(`CREATE VIEW "${name}" AS ${sql}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of [...VIEWS].reverse()) await queryRunner.query(`DROP VIEW "${name}"`);
  }
}

const VIEWS: [name: string, sql: string][] = [
  ['report_events', `SELECT id, country_code, region_code, status, start_date, end_date FROM training_events`],
  ['report_regions', `SELECT code, country_code, names FROM regions`],
  [
    'report_trainees',
    `SELECT tr.id AS trainee_id, tr.sex, tr.profession, o.type AS organization_type
       FROM trainees tr
       LEFT JOIN organizations o ON o.id = tr.organization_id`,
  ],
  [
    'report_completions',
    `SELECT en.event_id, en.trainee_id,
            rt.sex AS trainee_sex, rt.profession AS trainee_profession, rt.organization_type
       FROM enrollments en
       LEFT JOIN report_trainees rt ON rt.trainee_id = en.trainee_id
      WHERE en.status = 'completed'`,
  ],
  [
    'report_certificates',
    `SELECT c.id AS certificate_id, en.event_id, en.trainee_id,
            (c.issued_at AT TIME ZONE 'UTC')::date AS issued_on, c.revoked_at,
            rt.sex AS trainee_sex, rt.profession AS trainee_profession, rt.organization_type
       FROM certificates c
       JOIN enrollments en ON en.id = c.enrollment_id
       LEFT JOIN report_trainees rt ON rt.trainee_id = en.trainee_id`,
  ],
  ['report_sessions', `SELECT id AS session_id, event_id FROM training_sessions`],
  [
    'report_attendance',
    `SELECT s.event_id, m.session_id, m.trainee_id, m.status,
            rt.sex AS trainee_sex, rt.profession AS trainee_profession, rt.organization_type
       FROM attendance_marks m
       JOIN training_sessions s ON s.id = m.session_id
       LEFT JOIN report_trainees rt ON rt.trainee_id = m.trainee_id`,
  ],
  [
    'report_assessments',
    `SELECT a.event_id, a.trainee_id, a.pre_score, a.post_score,
            rt.sex AS trainee_sex, rt.profession AS trainee_profession, rt.organization_type
       FROM assessments a
       LEFT JOIN report_trainees rt ON rt.trainee_id = a.trainee_id`,
  ],
  [
    'report_teaching',
    `SELECT et.event_id, et.trainer_id, t.level AS trainer_level, t.status AS trainer_status, t.sex AS trainer_sex
       FROM event_teachers et
       JOIN trainers t ON t.id = et.trainer_id`,
  ],
  ['report_trainers', `SELECT id AS trainer_id, country_code FROM trainers`],
  ['report_trainer_links', `SELECT trainer_id, trained_by_id FROM trainer_links`],
];
