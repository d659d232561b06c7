import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audit action for bulk reads of personal data (trainee list exports). Written by hand: the
 * generator would recreate the type; PostgreSQL adds an enum value in place (and cannot drop one).
 */
export class AddExportAuditAction1795453000000 implements MigrationInterface {
  name = 'AddExportAuditAction1795453000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."audit_action" ADD VALUE IF NOT EXISTS 'export'`);
  }

  /** Fails while the append-only audit log holds export rows: those are never deleted to revert. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."audit_action" RENAME TO "audit_action_old"`);
    await queryRunner.query(`CREATE TYPE "public"."audit_action" AS ENUM('create', 'update', 'delete')`);
    await queryRunner.query(
      `ALTER TABLE "audit_log" ALTER COLUMN "action" TYPE "public"."audit_action" USING "action"::"text"::"public"."audit_action"`,
    );
    await queryRunner.query(`DROP TYPE "public"."audit_action_old"`);
  }
}
