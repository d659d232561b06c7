import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidate search by blocking: each trainee's blocking keys, derived in SQL from the columns the
 * app already keeps (name_key, phone, country_code) as generated columns, so every
 * write path (registration, edit, import, merge, withdrawal, `npm run rekey`) keeps them, and an
 * indexed array that a lookup compares with `&&`. A key (always prefixed with the country):
 *
 * - `KG:nrln/tkt`: a name word's skeleton (its first letter, then its consonants, doubled letters
 *   once: a typo in a vowel or a doubled letter keeps it) and the start of another word's skeleton
 *   (three letters, never its last; velar k, g and h as one), for every ordered pair of words: surname + given
 *   name's start, and given name + surname's start, in whichever order the name was written; a
 *   typo in one word past its start leaves the other word's key whole. A key names a few people
 *   of a registry of 100 000, where a surname or a given name alone would name hundreds;
 * - `KG#+996555123456`: the phone;
 * - `KG:nrln`: a name of one word.
 *
 * `name_initials` is the first consonants of the name's words in order (velar k, g and h as one):
 * two names of as many words whose first consonants differ (Нурбек and Өмүрбек Өмүрзаков) are
 * not one person misspelt but two, and the score says so.
 */
export class AddTraineeBlockingKeys1795476000000 implements MigrationInterface {
  name = 'AddTraineeBlockingKeys1795476000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION name_word_consonants(word text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN regexp_replace(regexp_replace(word, '[aeiou]', '', 'g'), '(.)\\1+', '\\1', 'g')`);
    await queryRunner.query(`
      CREATE FUNCTION name_word_skeleton(word text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN regexp_replace(left(word, 1) || regexp_replace(substr(word, 2), '[aeiou]', '', 'g'), '(.)\\1+', '\\1', 'g')`);
    await queryRunner.query(`
      CREATE FUNCTION name_word_initial(word text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN coalesce(nullif(translate(left(name_word_consonants(word), 1), 'gh', 'kk'), ''), '_')`);
    await queryRunner.query(`
      CREATE FUNCTION name_word_start(word text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN translate(left(name_word_skeleton(word), least(3, length(name_word_skeleton(word)) - 1)), 'gh', 'kk')`);
    await queryRunner.query(`
      CREATE FUNCTION trainee_name_initials(name_key text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN (SELECT string_agg(name_word_initial(w), '' ORDER BY name_word_initial(w))
                  FROM unnest(string_to_array(name_key, ' ')) AS w)`);
    await queryRunner.query(`
      CREATE FUNCTION trainee_blocking_keys(country_code text, name_key text, phone text)
        RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE WHEN name_key IS NULL OR country_code IS NULL THEN NULL ELSE ARRAY(
          WITH words AS (
            SELECT n, name_word_skeleton(w) AS skeleton, coalesce(nullif(name_word_start(w), ''), '_') AS start
              FROM unnest((string_to_array(name_key, ' '))[1:4]) WITH ORDINALITY AS u(w, n))
          SELECT DISTINCT k FROM (
            SELECT country_code || ':' || w.skeleton || '/' || o.start AS k
              FROM words w JOIN words o ON o.n <> w.n WHERE w.skeleton <> ''
            UNION ALL
            SELECT country_code || ':' || w.skeleton FROM words w
             WHERE w.skeleton <> '' AND (SELECT count(*) FROM words) = 1
            UNION ALL
            SELECT country_code || '#' || phone WHERE phone IS NOT NULL
          ) keys ORDER BY k) END`);
    await queryRunner.query(
      `ALTER TABLE "trainees" ADD "name_initials" text
         GENERATED ALWAYS AS (trainee_name_initials(name_key)) STORED`,
    );
    await queryRunner.query(
      `ALTER TABLE "trainees" ADD "blocking_keys" text[]
         GENERATED ALWAYS AS (trainee_blocking_keys(country_code, name_key, phone)) STORED`,
    );
    // TypeORM reads a generated column's expression from its metadata table, not from PostgreSQL (the
    // table is TypeORM's: its migration runner makes it too, once an entity has a generated column).
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar, "schema" varchar,
         "table" varchar, "name" varchar, "value" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("type", "database", "schema", "table", "name", "value")
       VALUES ('GENERATED_COLUMN', current_database(), current_schema(), 'trainees', 'name_initials',
               'trainee_name_initials(name_key)'),
              ('GENERATED_COLUMN', current_database(), current_schema(), 'trainees', 'blocking_keys',
               'trainee_blocking_keys(country_code, name_key, phone)')`,
    );
    // No pending list: a lookup reads the index, never a list of recent inserts that a bulk import makes long.
    await queryRunner.query(
      `CREATE INDEX "trainees_blocking_keys_idx" ON "trainees" USING gin ("blocking_keys") WITH (fastupdate = off)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."trainees_blocking_keys_idx"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'trainees'
         AND "name" IN ('name_initials', 'blocking_keys')`,
    );
    await queryRunner.query(`ALTER TABLE "trainees" DROP COLUMN "blocking_keys"`);
    await queryRunner.query(`ALTER TABLE "trainees" DROP COLUMN "name_initials"`);
    await queryRunner.query(`DROP FUNCTION trainee_blocking_keys(text, text, text)`);
    await queryRunner.query(`DROP FUNCTION trainee_name_initials(text)`);
    await queryRunner.query(`DROP FUNCTION name_word_start(text)`);
    await queryRunner.query(`DROP FUNCTION name_word_initial(text)`);
    await queryRunner.query(`DROP FUNCTION name_word_skeleton(text)`);
    await queryRunner.query(`DROP FUNCTION name_word_consonants(text)`);
  }
}
