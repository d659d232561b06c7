import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Yearly targets per country and indicator. The key's NULLS NOT DISTINCT (PostgreSQL 15+) is added
 * by hand, so a country's total (no dimension) is unique too; the generator does not see it.
 */
export class CreateCountryTargets1795448798187 implements MigrationInterface {
  name = 'CreateCountryTargets1795448798187';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."report_indicator" AS ENUM('completed_individuals', 'certified', 'events_held', 'sessions_delivered', 'attendance_rate', 'active_national_trainers', 'mean_pre_score', 'mean_post_score', 'mean_knowledge_gain')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."target_dimension" AS ENUM('sex', 'profession')`);
    await queryRunner.query(
      `CREATE TABLE "country_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "country_code" character(2) NOT NULL, "year" smallint NOT NULL, "indicator" "public"."report_indicator" NOT NULL, "breakdown_dimension" "public"."target_dimension", "breakdown_value" character varying(40), "target_value" numeric(12,2) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "country_targets_key" UNIQUE NULLS NOT DISTINCT ("country_code", "year", "indicator", "breakdown_dimension", "breakdown_value"), CONSTRAINT "country_targets_breakdown_check" CHECK (("breakdown_dimension" IS NULL) = ("breakdown_value" IS NULL)), CONSTRAINT "country_targets_value_check" CHECK ("target_value" >= 0), CONSTRAINT "PK_2c93354afd85dad06e887d8390f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "country_targets" ADD CONSTRAINT "FK_c901e0ce2b5292c806df2ea3893" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "country_targets" DROP CONSTRAINT "FK_c901e0ce2b5292c806df2ea3893"`);
    await queryRunner.query(`DROP TABLE "country_targets"`);
    await queryRunner.query(`DROP TYPE "public"."target_dimension"`);
    await queryRunner.query(`DROP TYPE "public"."report_indicator"`);
  }
}
