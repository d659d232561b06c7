import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTrainingRecords1795445707868 implements MigrationInterface {
  name = 'CreateTrainingRecords1795445707868';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "course_modules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "position" smallint NOT NULL, "titles" jsonb NOT NULL, "hours" numeric(5,1) NOT NULL, CONSTRAINT "course_modules_position_key" UNIQUE ("course_id", "position"), CONSTRAINT "PK_4c195db0718e8845a6e09075ebc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."profession" AS ENUM('forensic_expert', 'psychiatrist', 'psychologist', 'general_physician', 'prison_medical_staff', 'defense_lawyer', 'prosecutor', 'judge', 'investigator', 'ombudsman_staff', 'ngo_monitor')`,
    );
    await queryRunner.query(
      `CREATE TABLE "courses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "titles" jsonb NOT NULL, "descriptions" jsonb NOT NULL DEFAULT '{}', "target_professions" "public"."profession" array NOT NULL DEFAULT '{}', "min_attendance_percent" smallint NOT NULL DEFAULT '80', "min_post_score" smallint DEFAULT '70', "certificate_validity_months" smallint, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3f70a487cc718ad8eda4e6d58c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."event_status" AS ENUM('planned', 'ongoing', 'completed', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "training_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "country_code" character(2) NOT NULL, "region_code" character varying(10), "venue" character varying(200) NOT NULL, "language" character varying(2) NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "capacity" smallint NOT NULL, "status" "public"."event_status" NOT NULL DEFAULT 'planned', "anonymous_participants" smallint NOT NULL DEFAULT '0', "attendance_reopened_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "training_events_dates_check" CHECK ("end_date" >= "start_date"), CONSTRAINT "PK_90742f2f0bb03c9b00b6e75940e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "training_events_course_idx" ON "training_events"  ("course_id") `);
    await queryRunner.query(
      `CREATE INDEX "training_events_country_dates_idx" ON "training_events"  ("country_code", "start_date") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."sex" AS ENUM('female', 'male', 'not_recorded')`);
    await queryRunner.query(
      `CREATE TABLE "trainees" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "full_name" character varying(200), "latin_name" character varying(200), "sex" "public"."sex" NOT NULL DEFAULT 'not_recorded', "profession" "public"."profession" NOT NULL, "organization_id" uuid, "country_code" character(2) NOT NULL, "region_code" character varying(10), "birth_year" smallint, "phone" character varying(40), "email" character varying(254), "preferred_language" character varying(2), "consent_given_at" TIMESTAMP WITH TIME ZONE, "consent_recorded_by_id" uuid, "consent_withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2bd729692b507a33410dbfc7604" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "trainees_organization_idx" ON "trainees"  ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "trainees_country_idx" ON "trainees"  ("country_code", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "trainee_id" uuid NOT NULL, "pre_score" smallint, "post_score" smallint, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "assessments_key" UNIQUE ("event_id", "trainee_id"), CONSTRAINT "assessments_scores_check" CHECK ("pre_score" BETWEEN 0 AND 100 AND "post_score" BETWEEN 0 AND 100), CONSTRAINT "PK_a3442bd80a00e9111cefca57f6c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "assessments_trainee_idx" ON "assessments"  ("trainee_id") `);
    await queryRunner.query(
      `CREATE TABLE "training_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "date" date NOT NULL, "start_time" TIME NOT NULL, "end_time" TIME NOT NULL, "module_id" uuid, CONSTRAINT "training_sessions_times_check" CHECK ("end_time" > "start_time"), CONSTRAINT "PK_6678399f77ed9db5176459befa9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "training_sessions_event_date_idx" ON "training_sessions"  ("event_id", "date", "start_time") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."attendance_status" AS ENUM('present', 'late', 'excused', 'absent')`);
    await queryRunner.query(
      `CREATE TABLE "attendance_marks" ("id" uuid NOT NULL, "session_id" uuid NOT NULL, "trainee_id" uuid NOT NULL, "status" "public"."attendance_status" NOT NULL, "note" character varying(500), "marked_by_id" uuid NOT NULL, "marked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "attendance_marks_session_trainee_key" UNIQUE ("session_id", "trainee_id"), CONSTRAINT "PK_98f30f5d1c2a8356e4957a6cf8d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "attendance_marks_trainee_idx" ON "attendance_marks"  ("trainee_id") `);
    await queryRunner.query(
      `CREATE TABLE "idempotency_records" ("user_id" uuid NOT NULL, "key" character varying(100) NOT NULL, "request_hash" character(64) NOT NULL, "response_status" smallint NOT NULL, "response_body" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_361095756bf434c1971a5a89be4" PRIMARY KEY ("user_id", "key"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."enrollment_status" AS ENUM('enrolled', 'withdrawn', 'completed')`);
    await queryRunner.query(
      `CREATE TABLE "enrollments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "trainee_id" uuid NOT NULL, "status" "public"."enrollment_status" NOT NULL DEFAULT 'enrolled', "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "enrollments_key" UNIQUE ("event_id", "trainee_id"), CONSTRAINT "PK_7c0f752f9fb68bf6ed7367ab00f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "enrollments_trainee_idx" ON "enrollments"  ("trainee_id") `);
    await queryRunner.query(
      `CREATE TABLE "certificates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "enrollment_id" uuid NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(500), "revoked_by_id" uuid, "locale" character varying(2) NOT NULL, "pdf" bytea NOT NULL, CONSTRAINT "REL_f0f3773b2ccb7811da9ccd63d9" UNIQUE ("enrollment_id"), CONSTRAINT "PK_e4c7e31e2144300bea7d89eb165" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "certificates_code_key" ON "certificates"  ("code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "certificates_enrollment_key" ON "certificates"  ("enrollment_id") `);
    await queryRunner.query(`CREATE TYPE "public"."trainer_level" AS ENUM('master', 'national')`);
    await queryRunner.query(`CREATE TYPE "public"."trainer_status" AS ENUM('candidate', 'active', 'inactive')`);
    await queryRunner.query(
      `CREATE TABLE "trainers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "full_name" character varying(200) NOT NULL, "latin_name" character varying(200) NOT NULL, "sex" "public"."sex" NOT NULL DEFAULT 'not_recorded', "country_code" character(2) NOT NULL, "region_code" character varying(10), "organization_id" uuid, "level" "public"."trainer_level" NOT NULL, "status" "public"."trainer_status" NOT NULL DEFAULT 'candidate', "languages" character varying(2) array NOT NULL DEFAULT '{}', "user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "REL_4dcc4888f0b9ac51441d771ad1" UNIQUE ("user_id"), CONSTRAINT "PK_198da56395c269936d351ab774b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "trainers_country_status_idx" ON "trainers"  ("country_code", "status") `);
    await queryRunner.query(`CREATE TYPE "public"."event_trainer_role" AS ENUM('lead', 'co_trainer')`);
    await queryRunner.query(
      `CREATE TABLE "event_trainers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "trainer_id" uuid NOT NULL, "role" "public"."event_trainer_role" NOT NULL, CONSTRAINT "event_trainers_key" UNIQUE ("event_id", "trainer_id"), CONSTRAINT "PK_94657fe479a1baa62912b8c5b96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "event_trainers_trainer_idx" ON "event_trainers"  ("trainer_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."certification_step_kind" AS ENUM('tot_completed', 'co_taught', 'observed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "trainer_certification_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trainer_id" uuid NOT NULL, "step" "public"."certification_step_kind" NOT NULL, "completed_on" date NOT NULL, "signed_off_by_id" uuid NOT NULL, "event_id" uuid, "note" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "trainer_certification_steps_key" UNIQUE ("trainer_id", "step"), CONSTRAINT "PK_2171896e8429fea63e9bbd0919b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "trainer_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trainer_id" uuid NOT NULL, "trained_by_id" uuid NOT NULL, "event_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "trainer_links_pair_key" UNIQUE ("trainer_id", "trained_by_id"), CONSTRAINT "PK_695b6b1f095dc3a128172d9a115" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "trainer_links_trained_by_idx" ON "trainer_links"  ("trained_by_id") `);
    await queryRunner.query(
      `ALTER TABLE "course_modules" ADD CONSTRAINT "FK_81644557c2401f37fe9e884e884" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "training_events" ADD CONSTRAINT "FK_ddba9021b7b8dbb4c95576e6980" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "training_events" ADD CONSTRAINT "FK_dd2e0c2e8acd6b9d40b453d3401" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "training_events" ADD CONSTRAINT "FK_7ebf3b608baa99771aba3ae3e79" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainees" ADD CONSTRAINT "FK_beed85c36cc37f291fb426e5acc" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainees" ADD CONSTRAINT "FK_d9b53c0c0b147d8487c8b36bafb" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainees" ADD CONSTRAINT "FK_b6b6e10a7ef8ae285ca17ff8eec" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "FK_2513225d486ef3d051084597aac" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "FK_067e9955ae45a8353e0b7f3e234" FOREIGN KEY ("trainee_id") REFERENCES "trainees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "training_sessions" ADD CONSTRAINT "FK_1cd3c04999c1981328b8ae47bd7" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "training_sessions" ADD CONSTRAINT "FK_824d03ed1b5662f6d332cc101ba" FOREIGN KEY ("module_id") REFERENCES "course_modules"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_marks" ADD CONSTRAINT "FK_db2fe865b50cb5b1c2854e73a5c" FOREIGN KEY ("session_id") REFERENCES "training_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_marks" ADD CONSTRAINT "FK_bdea9cd0704b7624131e6addb9d" FOREIGN KEY ("trainee_id") REFERENCES "trainees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrollments" ADD CONSTRAINT "FK_61ac893009eb2065034998c3096" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrollments" ADD CONSTRAINT "FK_3a684182a8000acd3404766d0c4" FOREIGN KEY ("trainee_id") REFERENCES "trainees"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "FK_f0f3773b2ccb7811da9ccd63d94" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainers" ADD CONSTRAINT "FK_06e90671da3fd16439ec820405d" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainers" ADD CONSTRAINT "FK_2db53846161bd27a216d9e37415" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainers" ADD CONSTRAINT "FK_2050cab658e3d185140b3720d5c" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainers" ADD CONSTRAINT "FK_4dcc4888f0b9ac51441d771ad1e" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_trainers" ADD CONSTRAINT "FK_e10d4253539302a9daee1af971f" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_trainers" ADD CONSTRAINT "FK_8c02d8e84ffafa481031ef6555b" FOREIGN KEY ("trainer_id") REFERENCES "trainers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_certification_steps" ADD CONSTRAINT "FK_8aa9c7705a81023d97d0280779b" FOREIGN KEY ("trainer_id") REFERENCES "trainers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_certification_steps" ADD CONSTRAINT "FK_ab40e0a405a991b663de0a48f52" FOREIGN KEY ("signed_off_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_certification_steps" ADD CONSTRAINT "FK_0b50d0f98a3235ff1cdbc7daa91" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_links" ADD CONSTRAINT "FK_0e8388934ca1446516b97c8dd62" FOREIGN KEY ("trainer_id") REFERENCES "trainers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_links" ADD CONSTRAINT "FK_d913233c82e131433322eacb6f8" FOREIGN KEY ("trained_by_id") REFERENCES "trainers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_links" ADD CONSTRAINT "FK_ca5852932a0a6d25ceb8008b1a9" FOREIGN KEY ("event_id") REFERENCES "training_events"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "trainer_links" DROP CONSTRAINT "FK_ca5852932a0a6d25ceb8008b1a9"`);
    await queryRunner.query(`ALTER TABLE "trainer_links" DROP CONSTRAINT "FK_d913233c82e131433322eacb6f8"`);
    await queryRunner.query(`ALTER TABLE "trainer_links" DROP CONSTRAINT "FK_0e8388934ca1446516b97c8dd62"`);
    await queryRunner.query(
      `ALTER TABLE "trainer_certification_steps" DROP CONSTRAINT "FK_0b50d0f98a3235ff1cdbc7daa91"`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_certification_steps" DROP CONSTRAINT "FK_ab40e0a405a991b663de0a48f52"`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainer_certification_steps" DROP CONSTRAINT "FK_8aa9c7705a81023d97d0280779b"`,
    );
    await queryRunner.query(`ALTER TABLE "event_trainers" DROP CONSTRAINT "FK_8c02d8e84ffafa481031ef6555b"`);
    await queryRunner.query(`ALTER TABLE "event_trainers" DROP CONSTRAINT "FK_e10d4253539302a9daee1af971f"`);
    await queryRunner.query(`ALTER TABLE "trainers" DROP CONSTRAINT "FK_4dcc4888f0b9ac51441d771ad1e"`);
    await queryRunner.query(`ALTER TABLE "trainers" DROP CONSTRAINT "FK_2050cab658e3d185140b3720d5c"`);
    await queryRunner.query(`ALTER TABLE "trainers" DROP CONSTRAINT "FK_2db53846161bd27a216d9e37415"`);
    await queryRunner.query(`ALTER TABLE "trainers" DROP CONSTRAINT "FK_06e90671da3fd16439ec820405d"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "FK_f0f3773b2ccb7811da9ccd63d94"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP CONSTRAINT "FK_3a684182a8000acd3404766d0c4"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP CONSTRAINT "FK_61ac893009eb2065034998c3096"`);
    await queryRunner.query(`ALTER TABLE "attendance_marks" DROP CONSTRAINT "FK_bdea9cd0704b7624131e6addb9d"`);
    await queryRunner.query(`ALTER TABLE "attendance_marks" DROP CONSTRAINT "FK_db2fe865b50cb5b1c2854e73a5c"`);
    await queryRunner.query(`ALTER TABLE "training_sessions" DROP CONSTRAINT "FK_824d03ed1b5662f6d332cc101ba"`);
    await queryRunner.query(`ALTER TABLE "training_sessions" DROP CONSTRAINT "FK_1cd3c04999c1981328b8ae47bd7"`);
    await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "FK_067e9955ae45a8353e0b7f3e234"`);
    await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "FK_2513225d486ef3d051084597aac"`);
    await queryRunner.query(`ALTER TABLE "trainees" DROP CONSTRAINT "FK_b6b6e10a7ef8ae285ca17ff8eec"`);
    await queryRunner.query(`ALTER TABLE "trainees" DROP CONSTRAINT "FK_d9b53c0c0b147d8487c8b36bafb"`);
    await queryRunner.query(`ALTER TABLE "trainees" DROP CONSTRAINT "FK_beed85c36cc37f291fb426e5acc"`);
    await queryRunner.query(`ALTER TABLE "training_events" DROP CONSTRAINT "FK_7ebf3b608baa99771aba3ae3e79"`);
    await queryRunner.query(`ALTER TABLE "training_events" DROP CONSTRAINT "FK_dd2e0c2e8acd6b9d40b453d3401"`);
    await queryRunner.query(`ALTER TABLE "training_events" DROP CONSTRAINT "FK_ddba9021b7b8dbb4c95576e6980"`);
    await queryRunner.query(`ALTER TABLE "course_modules" DROP CONSTRAINT "FK_81644557c2401f37fe9e884e884"`);
    await queryRunner.query(`DROP INDEX "public"."trainer_links_trained_by_idx"`);
    await queryRunner.query(`DROP TABLE "trainer_links"`);
    await queryRunner.query(`DROP TABLE "trainer_certification_steps"`);
    await queryRunner.query(`DROP TYPE "public"."certification_step_kind"`);
    await queryRunner.query(`DROP INDEX "public"."event_trainers_trainer_idx"`);
    await queryRunner.query(`DROP TABLE "event_trainers"`);
    await queryRunner.query(`DROP TYPE "public"."event_trainer_role"`);
    await queryRunner.query(`DROP INDEX "public"."trainers_country_status_idx"`);
    await queryRunner.query(`DROP TABLE "trainers"`);
    await queryRunner.query(`DROP TYPE "public"."trainer_status"`);
    await queryRunner.query(`DROP TYPE "public"."trainer_level"`);
    await queryRunner.query(`DROP INDEX "public"."certificates_enrollment_key"`);
    await queryRunner.query(`DROP INDEX "public"."certificates_code_key"`);
    await queryRunner.query(`DROP TABLE "certificates"`);
    await queryRunner.query(`DROP INDEX "public"."enrollments_trainee_idx"`);
    await queryRunner.query(`DROP TABLE "enrollments"`);
    await queryRunner.query(`DROP TYPE "public"."enrollment_status"`);
    await queryRunner.query(`DROP TABLE "idempotency_records"`);
    await queryRunner.query(`DROP INDEX "public"."attendance_marks_trainee_idx"`);
    await queryRunner.query(`DROP TABLE "attendance_marks"`);
    await queryRunner.query(`DROP TYPE "public"."attendance_status"`);
    await queryRunner.query(`DROP INDEX "public"."training_sessions_event_date_idx"`);
    await queryRunner.query(`DROP TABLE "training_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."assessments_trainee_idx"`);
    await queryRunner.query(`DROP TABLE "assessments"`);
    await queryRunner.query(`DROP INDEX "public"."trainees_country_idx"`);
    await queryRunner.query(`DROP INDEX "public"."trainees_organization_idx"`);
    await queryRunner.query(`DROP TABLE "trainees"`);
    await queryRunner.query(`DROP INDEX "public"."training_events_country_dates_idx"`);
    await queryRunner.query(`DROP INDEX "public"."training_events_course_idx"`);
    await queryRunner.query(`DROP TABLE "training_events"`);
    await queryRunner.query(`DROP TYPE "public"."event_status"`);
    await queryRunner.query(`DROP TABLE "courses"`);
    await queryRunner.query(`DROP TABLE "course_modules"`);
    await queryRunner.query(`DROP TYPE "public"."sex"`);
    await queryRunner.query(`DROP TYPE "public"."profession"`);
  }
}
