import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRegionsAndOrganizations1795445130614 implements MigrationInterface {
  name = 'CreateRegionsAndOrganizations1795445130614';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "regions" ("code" character varying(10) NOT NULL, "country_code" character(2) NOT NULL, "names" jsonb NOT NULL, CONSTRAINT "PK_4f6dc5a464961e7c65a395ea4c6" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE INDEX "regions_country_idx" ON "regions"  ("country_code") `);
    await queryRunner.query(
      `CREATE TYPE "public"."organization_type" AS ENUM('forensic_bureau', 'hospital', 'penitentiary_health', 'prosecutor_office', 'court', 'bar_association', 'investigative_committee', 'ombudsman', 'ngo', 'university')`,
    );
    await queryRunner.query(
      `CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "type" "public"."organization_type" NOT NULL, "country_code" character(2) NOT NULL, "region_code" character varying(10), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "organizations_country_type_idx" ON "organizations"  ("country_code", "type") `,
    );
    await queryRunner.query(
      `ALTER TABLE "regions" ADD CONSTRAINT "FK_0f6cff7fbac85372579738a8c20" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "FK_3aa670ebef576cab172c404e24a" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "FK_c3197e5729ee63b66b923616a1f" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "FK_c3197e5729ee63b66b923616a1f"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "FK_3aa670ebef576cab172c404e24a"`);
    await queryRunner.query(`ALTER TABLE "regions" DROP CONSTRAINT "FK_0f6cff7fbac85372579738a8c20"`);
    await queryRunner.query(`DROP INDEX "public"."organizations_country_type_idx"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
    await queryRunner.query(`DROP TYPE "public"."organization_type"`);
    await queryRunner.query(`DROP INDEX "public"."regions_country_idx"`);
    await queryRunner.query(`DROP TABLE "regions"`);
  }
}
