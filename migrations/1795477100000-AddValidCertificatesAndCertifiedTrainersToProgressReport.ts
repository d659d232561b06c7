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
  'practice_share',
  'practice_cases',
  'practice_response_rate',
];

/**
 * Two figures the progress report reads at the end of each period rather than over it: the
 * certificates valid then (issued by then, never revoked, neither expired nor renewed by then, so
 * a renewed certificate and its renewal count once), through `report_certificate_validity`; and
 * the trainers certified then (trainer_certification_at), whose sex `report_trainers` now gives.
 */
export class AddValidCertificatesAndCertifiedTrainersToProgressReport1795477100000 implements MigrationInterface {
  name = 'AddValidCertificatesAndCertifiedTrainersToProgressReport1795477100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE VIEW "report_certificate_validity" AS
         SELECT c.id AS certificate_id, en.event_id, en.trainee_id,
                c.issued_at AS valid_from, least(c.expires_at, c.renewed_at) AS valid_until
           FROM certificates c
           JOIN enrollments en ON en.id = c.enrollment_id
          WHERE c.revoked_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE OR REPLACE VIEW "report_trainers" AS SELECT id AS trainer_id, country_code, sex AS trainer_sex FROM trainers`,
    );
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" ADD VALUE 'valid_certificates'`);
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" ADD VALUE 'certified_trainers'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "country_targets" WHERE "indicator" IN ('valid_certificates', 'certified_trainers')`,
    );
    await queryRunner.query(`ALTER TYPE "public"."report_indicator" RENAME TO "report_indicator_old"`);
    await queryRunner.query(
      `CREATE TYPE "public"."report_indicator" AS ENUM(${INDICATORS_BEFORE.map((v) => `'${v}'`).join(', ')})`,
    );
    await queryRunner.query(
      `ALTER TABLE "country_targets" ALTER COLUMN "indicator" TYPE "public"."report_indicator" USING "indicator"::text::"public"."report_indicator"`,
    );
    await queryRunner.query(`DROP TYPE "public"."report_indicator_old"`);
    // A view's columns cannot be dropped by replacing it: it is made again as it was.
    await queryRunner.query(`DROP VIEW "report_trainers"`);
    await queryRunner.query(`CREATE VIEW "report_trainers" AS SELECT id AS trainer_id, country_code FROM trainers`);
    await queryRunner.query(`DROP VIEW "report_certificate_validity"`);
  }
}
