import type { MigrationInterface, QueryRunner } from 'typeorm';

import { nameKeyOf } from '../src/modules/trainees/duplicates/name-key.js';

export class AddDuplicateDetection1795452106064 implements MigrationInterface {
  name = 'AddDuplicateDetection1795452106064';

  async up(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm ships with PostgreSQL (and the embedded one); the app never creates extensions itself.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE TABLE "duplicate_distinct_pairs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trainee_id" uuid NOT NULL, "other_trainee_id" uuid NOT NULL, "marked_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "duplicate_distinct_pairs_key" UNIQUE ("trainee_id", "other_trainee_id"), CONSTRAINT "duplicate_distinct_pairs_order_check" CHECK ("trainee_id" < "other_trainee_id"), CONSTRAINT "PK_duplicate_distinct_pairs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "duplicate_distinct_pairs_other_idx" ON "duplicate_distinct_pairs"  ("other_trainee_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "trainee_merges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survivor_id" uuid NOT NULL, "merged_id" uuid NOT NULL, "country_code" character(2) NOT NULL, "merged_by_id" uuid NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "survivor_before" jsonb, "moved" jsonb NOT NULL, "removed" jsonb NOT NULL, "decisions" jsonb NOT NULL, "undone_at" TIMESTAMP WITH TIME ZONE, "undone_by_id" uuid, CONSTRAINT "PK_6027fc23d59577b7ca2278401da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "trainee_merges_merged_idx" ON "trainee_merges"  ("merged_id") `);
    await queryRunner.query(
      `CREATE INDEX "trainee_merges_survivor_idx" ON "trainee_merges"  ("survivor_id", "merged_at") `,
    );
    await queryRunner.query(`ALTER TABLE "trainees" ADD "name_key" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "trainees" ADD "patronymic_key" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "trainees" ADD "merged_into_id" uuid`);
    await queryRunner.query(`CREATE INDEX "trainees_merged_into_idx" ON "trainees"  ("merged_into_id") `);
    await queryRunner.query(
      `CREATE INDEX "trainees_name_key_trgm_idx" ON "trainees" USING gin ("name_key" gin_trgm_ops)`,
    );
    await backfillNameKeys(queryRunner);
    await queryRunner.query(
      `ALTER TABLE "trainees" ADD CONSTRAINT "FK_cf38c6c07b8ac2b31ade598c4e2" FOREIGN KEY ("merged_into_id") REFERENCES "trainees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "duplicate_distinct_pairs" ADD CONSTRAINT "FK_aa282c35c14351f01c99e00aba7" FOREIGN KEY ("trainee_id") REFERENCES "trainees"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "duplicate_distinct_pairs" ADD CONSTRAINT "FK_59d4bf8c9c7f024ff3f02d1b8af" FOREIGN KEY ("other_trainee_id") REFERENCES "trainees"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainee_merges" ADD CONSTRAINT "FK_1708eabd00d44b09b889e0adb83" FOREIGN KEY ("survivor_id") REFERENCES "trainees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainee_merges" ADD CONSTRAINT "FK_5bad5aa05ee54027bdfb146fe5a" FOREIGN KEY ("merged_id") REFERENCES "trainees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "trainee_merges" DROP CONSTRAINT "FK_5bad5aa05ee54027bdfb146fe5a"`);
    await queryRunner.query(`ALTER TABLE "trainee_merges" DROP CONSTRAINT "FK_1708eabd00d44b09b889e0adb83"`);
    await queryRunner.query(`ALTER TABLE "duplicate_distinct_pairs" DROP CONSTRAINT "FK_59d4bf8c9c7f024ff3f02d1b8af"`);
    await queryRunner.query(`ALTER TABLE "duplicate_distinct_pairs" DROP CONSTRAINT "FK_aa282c35c14351f01c99e00aba7"`);
    await queryRunner.query(`ALTER TABLE "trainees" DROP CONSTRAINT "FK_cf38c6c07b8ac2b31ade598c4e2"`);
    await queryRunner.query(`DROP INDEX "public"."trainees_name_key_trgm_idx"`);
    await queryRunner.query(`DROP INDEX "public"."trainees_merged_into_idx"`);
    await queryRunner.query(`ALTER TABLE "trainees" DROP COLUMN "merged_into_id"`);
    await queryRunner.query(`ALTER TABLE "trainees" DROP COLUMN "patronymic_key"`);
    await queryRunner.query(`ALTER TABLE "trainees" DROP COLUMN "name_key"`);
    await queryRunner.query(`DROP INDEX "public"."trainee_merges_survivor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."trainee_merges_merged_idx"`);
    await queryRunner.query(`DROP TABLE "trainee_merges"`);
    await queryRunner.query(`DROP INDEX "public"."duplicate_distinct_pairs_other_idx"`);
    await queryRunner.query(`DROP TABLE "duplicate_distinct_pairs"`);
  }
}

/** Keys for the trainees already recorded, a thousand at a time; withdrawn names stay without one. */
async function backfillNameKeys(queryRunner: QueryRunner): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: { id: string; full_name: string }[] = await queryRunner.manager.query(
      `SELECT id, full_name FROM trainees
        WHERE id > $1 AND full_name IS NOT NULL AND consent_withdrawn_at IS NULL
        ORDER BY id LIMIT 1000`,
      [after],
    );
    if (rows.length === 0) return;
    const keys = rows.map((row) => nameKeyOf(row.full_name));
    await queryRunner.query(
      `UPDATE trainees t SET name_key = k.name_key, patronymic_key = k.patronymic_key
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS k(id, name_key, patronymic_key)
        WHERE t.id = k.id`,
      [rows.map((row) => row.id), keys.map((k) => k.key), keys.map((k) => k.patronymic)],
    );
    after = rows[rows.length - 1].id;
  }
}
