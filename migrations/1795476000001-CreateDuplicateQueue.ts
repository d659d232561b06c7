import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate queue as the registry-wide scan leaves it: every pair of a country's trainees at
 * or above the threshold when the scan ran (the older record first), and each country's last
 * scan with its progress; `queue_as_of` is when the last finished scan began. Pairs of trainees
 * written since then are found live (see
 * DuplicatesService), so the queue is never older than the records.
 */
export class CreateDuplicateQueue1795476000001 implements MigrationInterface {
  name = 'CreateDuplicateQueue1795476000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "duplicate_queue_pairs" (
         "trainee_id" uuid NOT NULL REFERENCES "trainees" ("id") ON DELETE CASCADE,
         "other_trainee_id" uuid NOT NULL REFERENCES "trainees" ("id") ON DELETE CASCADE,
         "country_code" character(2) NOT NULL REFERENCES "countries" ("code") ON DELETE CASCADE,
         "score" real NOT NULL,
         "matching" text[] NOT NULL,
         "conflicting" text[] NOT NULL,
         "found_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         CONSTRAINT "duplicate_queue_pairs_pkey" PRIMARY KEY ("trainee_id", "other_trainee_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "duplicate_queue_pairs_country_idx" ON "duplicate_queue_pairs" ("country_code", "score" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "duplicate_queue_pairs_other_idx" ON "duplicate_queue_pairs" ("other_trainee_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "duplicate_scans" (
         "country_code" character(2) NOT NULL REFERENCES "countries" ("code") ON DELETE CASCADE,
         "job_id" character varying(100) NOT NULL,
         "requested_by" uuid,
         "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "started_at" TIMESTAMP WITH TIME ZONE,
         "finished_at" TIMESTAMP WITH TIME ZONE,
         "trainees_total" integer NOT NULL DEFAULT 0,
         "trainees_done" integer NOT NULL DEFAULT 0,
         "pairs" integer NOT NULL DEFAULT 0,
         "queue_as_of" TIMESTAMP WITH TIME ZONE,
         CONSTRAINT "duplicate_scans_pkey" PRIMARY KEY ("country_code"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "duplicate_scans"`);
    await queryRunner.query(`DROP TABLE "duplicate_queue_pairs"`);
  }
}
