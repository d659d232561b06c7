import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account's language is null until its holder chooses one, so until then the pages follow the
 * browser's Accept-Language. Accounts still on the old default ('en') whose language no one ever
 * changed (no audited change of `locale`) had made no choice: they become null.
 */
export class LeaveUnchosenLanguagesOpen1795476500000 implements MigrationInterface {
  name = 'LeaveUnchosenLanguagesOpen1795476500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "locale" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "locale" DROP NOT NULL`);
    await queryRunner.query(
      `UPDATE "users" SET "locale" = NULL WHERE "locale" = 'en' AND NOT EXISTS (
         SELECT 1 FROM "audit_log" WHERE "entity_type" = 'user' AND "entity_id" = "users"."id"::text
           AND 'locale' = ANY ("changed_fields") AND "action" <> 'create')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "users" SET "locale" = 'en' WHERE "locale" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "locale" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "locale" SET DEFAULT 'en'`);
  }
}
