import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReportExports1795449782701 implements MigrationInterface {
  name = 'CreateReportExports1795449782701';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."export_format" AS ENUM('csv', 'xlsx')`);
    await queryRunner.query(
      `CREATE TABLE "report_exports" ("id" uuid NOT NULL, "job_id" character varying(64) NOT NULL, "requested_by" uuid NOT NULL, "format" "public"."export_format" NOT NULL, "file_name" character varying(200) NOT NULL, "size" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_831f34e4d6c47ec2bb42a614465" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "report_exports_job_key" ON "report_exports"  ("job_id") `);
    await queryRunner.query(`CREATE INDEX "report_exports_requested_by_idx" ON "report_exports"  ("requested_by") `);
    await queryRunner.query(
      `ALTER TABLE "report_exports" ADD CONSTRAINT "FK_a650cf168b56ac60fbebe8fc9be" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_exports" DROP CONSTRAINT "FK_a650cf168b56ac60fbebe8fc9be"`);
    await queryRunner.query(`DROP INDEX "public"."report_exports_requested_by_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_exports_job_key"`);
    await queryRunner.query(`DROP TABLE "report_exports"`);
    await queryRunner.query(`DROP TYPE "public"."export_format"`);
  }
}
