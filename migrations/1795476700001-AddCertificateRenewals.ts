import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A course may be the refresher of another: completing it renews the trainee's certificate of
 * that course (or of the refresher itself). The renewed certificate keeps its row and its code,
 * marked with when and by which certificate it was renewed.
 */
export class AddCertificateRenewals1795476700001 implements MigrationInterface {
  name = 'AddCertificateRenewals1795476700001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "courses" ADD "refresher_of_id" uuid
         CONSTRAINT "courses_refresher_of_fkey" REFERENCES "courses"("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD "renewed_at" TIMESTAMP WITH TIME ZONE,
         ADD "renewed_by_id" uuid CONSTRAINT "certificates_renewed_by_fkey" REFERENCES "certificates"("id") ON DELETE SET NULL`,
    );
    // The reminder job looks for certificates still current that expire soon.
    await queryRunner.query(
      `CREATE INDEX "certificates_current_expiry_idx" ON "certificates" ("expires_at")
        WHERE "revoked_at" IS NULL AND "renewed_at" IS NULL AND "expires_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "certificates_current_expiry_idx"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP COLUMN "renewed_by_id", DROP COLUMN "renewed_at"`);
    await queryRunner.query(`ALTER TABLE "courses" DROP COLUMN "refresher_of_id"`);
  }
}
