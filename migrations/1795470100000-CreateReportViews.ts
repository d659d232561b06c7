import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the progress report reads of other features' data, as named views (listed for the code in
 * src/modules/reports/report-views.ts): one row per fact the indicators count, with the event it
 * belongs to and the trainee it is about; `report_trainees` gives a trainee's sex, profession and
 * organisation type, joined only by the breakdowns that read them. Plain views are inlined: the
 * tables' indexes (the certificates' issue date expression among them) are used as before.
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
  ['report_completions', `SELECT event_id, trainee_id FROM enrollments WHERE status = 'completed'`],
  [
    'report_certificates',
    `SELECT c.id AS certificate_id, en.event_id, en.trainee_id,
            (c.issued_at AT TIME ZONE 'UTC')::date AS issued_on, c.revoked_at
       FROM certificates c
       JOIN enrollments en ON en.id = c.enrollment_id`,
  ],
  ['report_sessions', `SELECT id AS session_id, event_id FROM training_sessions`],
  [
    'report_attendance',
    `SELECT s.event_id, m.session_id, m.trainee_id, m.status
       FROM attendance_marks m
       JOIN training_sessions s ON s.id = m.session_id`,
  ],
  ['report_assessments', `SELECT event_id, trainee_id, pre_score, post_score FROM assessments`],
  [
    'report_teaching',
    `SELECT et.event_id, et.trainer_id, t.level AS trainer_level, t.status AS trainer_status, t.sex AS trainer_sex
       FROM event_teachers et
       JOIN trainers t ON t.id = et.trainer_id`,
  ],
  ['report_trainers', `SELECT id AS trainer_id, country_code FROM trainers`],
  ['report_trainer_links', `SELECT trainer_id, trained_by_id FROM trainer_links`],
];
