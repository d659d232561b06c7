import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trainees by phone: duplicate detection looks up the recorded trainees with a person's phone
 * (a pair with equal phones can reach the threshold from a lower name similarity than the
 * trigram lookup's cutoff; see DuplicateDetector and lowestNameSimilarity).
 */
export class IndexTraineesByPhone1795461000000 implements MigrationInterface {
  name = 'IndexTraineesByPhone1795461000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "trainees_phone_idx" ON "trainees"  ("phone") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."trainees_phone_idx"`);
  }
}
