import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every e-mail Cascade sends, kept whether or not a mail server is configured: without SMTP_URL
 * the table is the outbox admins read. `dedupe_key` is unique so that one reason to write (a
 * certificate's 60-day reminder) makes one message however often the job that writes it runs;
 * `claimed_at` marks the one delivery attempt that may talk to the mail server.
 */
export class CreateOutboxMessages1795476700000 implements MigrationInterface {
  name = 'CreateOutboxMessages1795476700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."outbox_message_status" AS ENUM ('queued', 'sending', 'sent', 'kept', 'failed', 'withheld')`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "dedupe_key" character varying(200) NOT NULL,
         "kind" character varying(40) NOT NULL,
         "trainee_id" uuid,
         "recipient" character varying(254),
         "locale" character varying(2) NOT NULL,
         "subject" character varying(300) NOT NULL,
         "body_text" text NOT NULL,
         "status" "public"."outbox_message_status" NOT NULL DEFAULT 'queued',
         "attempts" smallint NOT NULL DEFAULT 0,
         "last_error" character varying(1000),
         "claimed_at" TIMESTAMP WITH TIME ZONE,
         "sent_at" TIMESTAMP WITH TIME ZONE,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id"),
         CONSTRAINT "outbox_messages_trainee_fkey" FOREIGN KEY ("trainee_id") REFERENCES "trainees"("id") ON DELETE SET NULL
       )`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "outbox_messages_dedupe_key" ON "outbox_messages" ("dedupe_key")`);
    await queryRunner.query(
      `CREATE INDEX "outbox_messages_created_idx" ON "outbox_messages" ("created_at" DESC, "id")`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_messages_trainee_idx" ON "outbox_messages" ("trainee_id")`);
    // A trainee who withdraws consent gets nothing more, and their address leaves the outbox with
    // the rest of their contact data, whichever code path records the withdrawal.
    await queryRunner.query(
      `CREATE FUNCTION "outbox_forget_trainee"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE "outbox_messages"
            SET "recipient" = NULL, "updated_at" = now(),
                "status" = CASE WHEN "status" = 'queued' THEN 'withheld'::"outbox_message_status" ELSE "status" END
          WHERE "trainee_id" = NEW."id";
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "trainees_consent_withdrawn_outbox" AFTER UPDATE OF "consent_withdrawn_at" ON "trainees"
         FOR EACH ROW WHEN (OLD."consent_withdrawn_at" IS NULL AND NEW."consent_withdrawn_at" IS NOT NULL)
         EXECUTE FUNCTION "outbox_forget_trainee"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trainees_consent_withdrawn_outbox" ON "trainees"`);
    await queryRunner.query(`DROP FUNCTION "outbox_forget_trainee"()`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
    await queryRunner.query(`DROP TYPE "public"."outbox_message_status"`);
  }
}
