import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Who teaches this event" and "who teaches this trainee", written once as plain views that every
 * scope check and report reads (event access, event and trainee lists, certificates, the cascade).
 * Plain views are inlined into the query that reads them: the indexes of the tables below are used
 * as before. Trainers are LEFT JOINed although every booking has one (a non-null foreign key): the
 * rows are the same, and a query reading only ids lets the planner leave the trainers table out.
 *
 * TypeORM ignores views it has no entity for, so the schema drift check is unaffected. A later
 * migration that changes a column these views read drops them first and creates them again.
 */
export class CreateTeachingScopeViews1795470000000 implements MigrationInterface {
  name = 'CreateTeachingScopeViews1795470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE VIEW "event_teachers" AS
         SELECT et.event_id, et.trainer_id, et.role, t.user_id AS trainer_user_id, t.full_name AS trainer_name
           FROM event_trainers et
           LEFT JOIN trainers t ON t.id = et.trainer_id`,
    );
    await queryRunner.query(
      `CREATE VIEW "trainee_teachers" AS
         SELECT en.trainee_id, en.event_id, en.status AS enrollment_status, et.trainer_id, et.trainer_user_id
           FROM enrollments en
           JOIN event_teachers et ON et.event_id = en.event_id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "trainee_teachers"`);
    await queryRunner.query(`DROP VIEW "event_teachers"`);
  }
}
