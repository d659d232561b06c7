import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateImports1795452379820 implements MigrationInterface {
  name = 'CreateImports1795452379820';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."import_kind" AS ENUM('trainees', 'event_records')`);
    await queryRunner.query(
      `CREATE TYPE "public"."import_status" AS ENUM('checking', 'invalid', 'checked', 'committed')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."import_format" AS ENUM('csv', 'xlsx')`);
    await queryRunner.query(
      `CREATE TABLE "imports" ("id" uuid NOT NULL, "kind" "public"."import_kind" NOT NULL, "status" "public"."import_status" NOT NULL, "requested_by" uuid NOT NULL, "country_code" character(2) NOT NULL, "event_id" uuid, "file_name" character varying(255) NOT NULL, "format" "public"."import_format" NOT NULL, "content" bytea, "size" integer NOT NULL, "row_count" integer NOT NULL, "report" jsonb, "result" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "committed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ea10c62f5eb1d75e83d8b5225db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "imports_requested_by_idx" ON "imports"  ("requested_by", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "imports" ADD CONSTRAINT "FK_c64f5666033dcb8b8caea54c31e" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "imports" ADD CONSTRAINT "FK_7630e76e768cc2daa344f4eac34" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "imports" ADD CONSTRAINT "FK_913ac57557ceb318179d7df35d3" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "imports" DROP CONSTRAINT "FK_913ac57557ceb318179d7df35d3"`);
    await queryRunner.query(`ALTER TABLE "imports" DROP CONSTRAINT "FK_7630e76e768cc2daa344f4eac34"`);
    await queryRunner.query(`ALTER TABLE "imports" DROP CONSTRAINT "FK_c64f5666033dcb8b8caea54c31e"`);
    await queryRunner.query(`DROP INDEX "public"."imports_requested_by_idx"`);
    await queryRunner.query(`DROP TABLE "imports"`);
    await queryRunner.query(`DROP TYPE "public"."import_format"`);
    await queryRunner.query(`DROP TYPE "public"."import_status"`);
    await queryRunner.query(`DROP TYPE "public"."import_kind"`);
  }
}
