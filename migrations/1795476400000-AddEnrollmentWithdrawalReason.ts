import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a trainee's place was given up (ill, moved, left the profession): an officer writes it when
 * withdrawing an enrolment from the event page, so the record explains a gap in the roster.
 */
export class AddEnrollmentWithdrawalReason1795476400000 implements MigrationInterface {
  name = 'AddEnrollmentWithdrawalReason1795476400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollments" ADD "withdrawal_reason" character varying(500)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enrollments" DROP COLUMN "withdrawal_reason"`);
  }
}
