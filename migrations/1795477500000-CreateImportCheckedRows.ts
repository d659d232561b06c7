import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dry run's checked rows, kept for the commit (import-checked-rows.ts): a commit takes them
 * instead of reading and checking the file again. A batch of rows a record, as JSON text (bytea would
 * travel hex-encoded, twice the size); stored without compression (the rows are read whole, once,
 * and deleted by the commit or with their import).
 */
export class CreateImportCheckedRows1795477500000 implements MigrationInterface {
  name = 'CreateImportCheckedRows1795477500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "import_checked_rows" ("import_id" uuid NOT NULL, "batch" integer NOT NULL, "rows" text NOT NULL,
         CONSTRAINT "import_checked_rows_pkey" PRIMARY KEY ("import_id", "batch"),
         CONSTRAINT "import_checked_rows_import_fkey" FOREIGN KEY ("import_id") REFERENCES "imports"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`ALTER TABLE "import_checked_rows" ALTER COLUMN "rows" SET STORAGE EXTERNAL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "import_checked_rows"`);
  }
}
