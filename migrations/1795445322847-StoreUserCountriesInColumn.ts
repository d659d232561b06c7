import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StoreUserCountriesInColumn1795445322847 implements MigrationInterface {
  name = 'StoreUserCountriesInColumn1795445322847';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "countries" character varying(2) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `UPDATE "users" u SET "countries" = uc.codes
         FROM (SELECT user_id, array_agg(country_code::varchar ORDER BY country_code) AS codes
                 FROM "user_countries" GROUP BY user_id) uc
        WHERE uc.user_id = u.id`,
    );
    await queryRunner.query(`DROP TABLE "user_countries"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "user_countries" (
         "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
         "country_code" character(2) NOT NULL REFERENCES "countries"("code") ON DELETE CASCADE ON UPDATE CASCADE,
         PRIMARY KEY ("user_id", "country_code"))`,
    );
    await queryRunner.query(
      `INSERT INTO "user_countries" (user_id, country_code) SELECT id, unnest("countries") FROM "users"`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "countries"`);
  }
}
