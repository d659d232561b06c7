import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Checks a course's module positions at commit rather than row by row, so an edit can reorder
 * modules in place. Written by hand: the generator does not notice a change of deferrability.
 */
export class DeferCourseModulePositionKey1795446000000 implements MigrationInterface {
  name = 'DeferCourseModulePositionKey1795446000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course_modules" DROP CONSTRAINT "course_modules_position_key"`);
    await queryRunner.query(
      `ALTER TABLE "course_modules" ADD CONSTRAINT "course_modules_position_key" UNIQUE ("course_id", "position") DEFERRABLE INITIALLY DEFERRED`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course_modules" DROP CONSTRAINT "course_modules_position_key"`);
    await queryRunner.query(
      `ALTER TABLE "course_modules" ADD CONSTRAINT "course_modules_position_key" UNIQUE ("course_id", "position")`,
    );
  }
}
