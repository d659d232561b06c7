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
    // The join table exactly as CreateAccountsAndAuditLog made it, names included, so its down() runs.
    await queryRunner.query(
      `CREATE TABLE "user_countries" ("user_id" uuid NOT NULL, "country_code" character(2) NOT NULL, CONSTRAINT "PK_a364126a244b866a65ff552cbbf" PRIMARY KEY ("user_id", "country_code"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6212cb1c2104525779ffe010fd" ON "user_countries" ("user_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_f024d9a54206ec15049fad6d51" ON "user_countries" ("country_code")`);
    await queryRunner.query(
      `ALTER TABLE "user_countries" ADD CONSTRAINT "FK_6212cb1c2104525779ffe010fd3" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_countries" ADD CONSTRAINT "FK_f024d9a54206ec15049fad6d518" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `INSERT INTO "user_countries" (user_id, country_code) SELECT id, unnest("countries") FROM "users"`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "countries"`);
  }
}
