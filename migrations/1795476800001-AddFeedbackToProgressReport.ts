import type { MigrationInterface, QueryRunner } from 'typeorm';

const INDICATORS_BEFORE = [
  'completed_individuals',
  'certified',
  'events_held',
  'sessions_delivered',
  'attendance_rate',
  'active_national_trainers',
  'mean_pre_score',
  'mean_post_score',
  'mean_knowledge_gain',
];

/**
 * The progress report's feedback figures: the mean overall rating (n = answers) and the response
 * rate (answers over enrollees still enrolled, n = enrolled), read through two views like every
 * other figure of the report. Answers are read without who gave them: no breakdown by person.
 */
export class AddFeedbackToProgressReport1795476800001 implements MigrationInterface {
  name = 'AddFeedbackToProgressReport1795476800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE VIEW "report_feedback_answers" AS SELECT event_id, overall FROM feedback_answers`);
    await queryRunner.query(
      `CREATE VIEW "report_feedback_events" AS
         SELECT e.id AS event_id,
                (SELECT count(*) FROM feedback_answers a WHERE a.event_id = e.id) AS answers,
                (SELECT count(*) FROM enrollments en WHERE en.event_id = e.id AND en.status <> 'withdrawn') AS enrolled
           FROM training_events e`,
    );
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" ADD VALUE 'mean_feedback_rating'`);
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" ADD VALUE 'feedback_response_rate'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "country_targets" WHERE "indicator" IN ('mean_feedback_rating', 'feedback_response_rate')`,
    );
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" RENAME TO "report_indicator_old"`);
    await queryRunner.query(
      `CREATE TYPE "public"."report_indicator" AS ENUM(${INDICATORS_BEFORE.map((v) => `'${v}'`).join(', ')})`,
    );
    await queryRunner.query(
      `ALTER TABLE "country_targets" ALTER COLUMN "indicator" TYPE "public"."report_indicator" USING "indicator"::text::"public"."report_indicator"`,
    );
    await queryRunner.query(`DROP TYPE "public"."report_indicator_old"`);
    await queryRunner.query(`DROP VIEW "report_feedback_events"`);
    await queryRunner.query(`DROP VIEW "report_feedback_answers"`);
  }
}
