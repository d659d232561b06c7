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
  'mean_feedback_rating',
  'feedback_response_rate',
];

/**
 * The progress report's practice figures from the follow-up waves, read through two views like
 * every other figure: per answer, its event and the cases it reports (evaluations documented
 * following the Protocol, or cases where such evidence was requested, used or cited) — never who
 * answered nor the comment —; per event, the links written (completers asked in a wave) and the
 * answers they got, for the response rate.
 */
export class AddPracticeToProgressReport1795477000001 implements MigrationInterface {
  name = 'AddPracticeToProgressReport1795477000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE VIEW "report_follow_up_answers" AS
         SELECT event_id, months_after,
                coalesce((answers->>'protocol_evaluations')::int, 0) + coalesce((answers->>'evidence_cases')::int, 0) AS cases
           FROM follow_up_answers`,
    );
    await queryRunner.query(
      `CREATE VIEW "report_follow_up_events" AS
         SELECT e.id AS event_id,
                (SELECT count(*) FROM follow_up_links l JOIN enrollments en ON en.id = l.enrollment_id
                  WHERE en.event_id = e.id) AS asked,
                (SELECT count(*) FROM follow_up_answers a WHERE a.event_id = e.id) AS answers
           FROM training_events e`,
    );
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" ADD VALUE 'practice_share'`);
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" ADD VALUE 'practice_cases'`);
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" ADD VALUE 'practice_response_rate'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "country_targets" WHERE "indicator" IN ('practice_share', 'practice_cases', 'practice_response_rate')`,
    );
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" RENAME TO "report_indicator_old"`);
    await queryRunner.query(
      `CREATE TYPE "public"."report_indicator" AS ENUM(${INDICATORS_BEFORE.map((v) => `'${v}'`).join(', ')})`,
    );
    await queryRunner.query(
      `ALTER TABLE "country_targets" ALTER COLUMN "indicator" TYPE "public"."report_indicator" USING "indicator"::text::"public"."report_indicator"`,
    );
    await queryRunner.query(`DROP TYPE "public"."report_indicator_old"`);
    await queryRunner.query(`DROP VIEW "report_follow_up_events"`);
    await queryRunner.query(`DROP VIEW "report_follow_up_answers"`);
  }
}
