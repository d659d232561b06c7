import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trainees' feedback at the end of an event: when it closes (an officer may move it), each
 * enrollee's personal link (only the token's SHA-256 and the nonce it is made from), one answer
 * per enrollee with its module and trainer ratings. A trainee who withdraws consent keeps no link,
 * and their answers stay in the averages detached from their enrollment (the trigger below), in
 * the same transaction as the withdrawal.
 */
export class CreateEventFeedback1795476800000 implements MigrationInterface {
  name = 'CreateEventFeedback1795476800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "feedback_windows" ("event_id" uuid NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "feedback_windows_pkey" PRIMARY KEY ("event_id"), CONSTRAINT "feedback_windows_event_fkey" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE TABLE "feedback_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enrollment_id" uuid NOT NULL, "nonce" bytea NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "feedback_links_pkey" PRIMARY KEY ("id"), CONSTRAINT "feedback_links_enrollment_key" UNIQUE ("enrollment_id"), CONSTRAINT "feedback_links_token_hash_key" UNIQUE ("token_hash"), CONSTRAINT "feedback_links_enrollment_fkey" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE TABLE "feedback_answers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "enrollment_id" uuid, "overall" smallint NOT NULL, "most_useful" character varying(1000), "missing" character varying(1000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "feedback_answers_pkey" PRIMARY KEY ("id"), CONSTRAINT "feedback_answers_enrollment_key" UNIQUE ("enrollment_id"), CONSTRAINT "feedback_answers_overall_check" CHECK ("overall" BETWEEN 1 AND 5), CONSTRAINT "feedback_answers_event_fkey" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE CASCADE, CONSTRAINT "feedback_answers_enrollment_fkey" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments"("id") ON DELETE SET NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "feedback_answers_event_idx" ON "feedback_answers" ("event_id")`);
    await queryRunner.query(`CREATE TYPE "public"."feedback_subject" AS ENUM('module', 'trainer')`);
    await queryRunner.query(
      `CREATE TABLE "feedback_ratings" ("answer_id" uuid NOT NULL, "subject" "public"."feedback_subject" NOT NULL, "subject_id" uuid NOT NULL, "rating" smallint NOT NULL, CONSTRAINT "feedback_ratings_pkey" PRIMARY KEY ("answer_id", "subject", "subject_id"), CONSTRAINT "feedback_ratings_rating_check" CHECK ("rating" BETWEEN 1 AND 5), CONSTRAINT "feedback_ratings_answer_fkey" FOREIGN KEY ("answer_id") REFERENCES "feedback_answers"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "feedback_forget_trainee"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE feedback_answers SET enrollment_id = NULL
          WHERE enrollment_id IN (SELECT id FROM enrollments WHERE trainee_id = NEW.id);
         DELETE FROM feedback_links
          WHERE enrollment_id IN (SELECT id FROM enrollments WHERE trainee_id = NEW.id);
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "trainees_consent_withdrawn_feedback" AFTER UPDATE OF "consent_withdrawn_at" ON "trainees"
         FOR EACH ROW WHEN (OLD.consent_withdrawn_at IS NULL AND NEW.consent_withdrawn_at IS NOT NULL)
         EXECUTE FUNCTION "feedback_forget_trainee"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trainees_consent_withdrawn_feedback" ON "trainees"`);
    await queryRunner.query(`DROP FUNCTION "feedback_forget_trainee"()`);
    await queryRunner.query(`DROP TABLE "feedback_ratings"`);
    await queryRunner.query(`DROP TYPE "public"."feedback_subject"`);
    await queryRunner.query(`DROP TABLE "feedback_answers"`);
    await queryRunner.query(`DROP TABLE "feedback_links"`);
    await queryRunner.query(`DROP TABLE "feedback_windows"`);
  }
}
