import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * State that every process must see: the per-IP rate limits' counters (used when there is no
 * Redis), and report export files, kept in the database beside their row instead of in a folder
 * the API and the worker had to share. Exports made before this migration have no content and
 * answer 410 like expired ones.
 */
export class ShareRateLimitsAndExportFiles1795473000000 implements MigrationInterface {
  name = 'ShareRateLimitsAndExportFiles1795473000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limit_counters" ("key" text NOT NULL, "hits" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ad665f1998311a7bd0e8265365d" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`ALTER TABLE "report_exports" ADD "content" bytea`);
    // Stored uncompressed out of line, so a download reads it slice by slice (substring) without
    // PostgreSQL loading the whole value; XLSX and PDF are compressed already.
    await queryRunner.query(`ALTER TABLE "report_exports" ALTER COLUMN "content" SET STORAGE EXTERNAL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_exports" DROP COLUMN "content"`);
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
  }
}
