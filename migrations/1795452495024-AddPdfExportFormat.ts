import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPdfExportFormat1795452495024 implements MigrationInterface {
  name = 'AddPdfExportFormat1795452495024';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."export_format" ADD VALUE 'pdf'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The older type cannot hold PDF exports: their rows go (the files expire on their own).
    await queryRunner.query(`DELETE FROM "report_exports" WHERE "format" = 'pdf'`);
    await queryRunner.query(`CREATE TYPE "public"."export_format_old" AS ENUM('csv', 'xlsx')`);
    await queryRunner.query(
      `ALTER TABLE "report_exports" ALTER COLUMN "format" TYPE "public"."export_format_old" USING "format"::"text"::"public"."export_format_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."export_format"`);
    await queryRunner.query(`ALTER TYPE "public"."export_format_old" RENAME TO "export_format"`);
  }
}
