import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The blocking keys and name initials (AddTraineeBlockingKeys1795476000000) computed by PL/pgSQL
 * loops instead of SQL queries: the same values, in the same order (checked on 280,000 benchmark
 * names; test/e2e/duplicate-detection.e2e-spec.ts compares the two), at less than half the cost
 * (19.6 µs a name for the keys, 7.5 µs now). Every trainee written and every person looked up
 * pays it: an import of 100,000 rows, twice.
 */
export class ComputeBlockingKeysInPlpgsql1795477500001 implements MigrationInterface {
  name = 'ComputeBlockingKeysInPlpgsql1795477500001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION trainee_blocking_keys(country_code text, name_key text, phone text)
        RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
      DECLARE
        words text[];
        skeletons text[] := '{}';
        starts text[] := '{}';
        found text[] := '{}';
        keys text[] := '{}';
        n int;
        s text;
        k text;
        pos int;
      BEGIN
        IF name_key IS NULL OR country_code IS NULL THEN RETURN NULL; END IF;
        words := (string_to_array(name_key, ' '))[1:4];
        n := coalesce(cardinality(words), 0);
        FOR i IN 1..n LOOP
          s := name_word_skeleton(words[i]);
          skeletons[i] := s;
          starts[i] := coalesce(nullif(translate(left(s, least(3, length(s) - 1)), 'gh', 'kk'), ''), '_');
        END LOOP;
        FOR i IN 1..n LOOP
          CONTINUE WHEN skeletons[i] = '';
          IF n = 1 THEN found := found || (country_code || ':' || skeletons[i]); END IF;
          FOR j IN 1..n LOOP
            CONTINUE WHEN j = i;
            found := found || (country_code || ':' || skeletons[i] || '/' || starts[j]);
          END LOOP;
        END LOOP;
        IF phone IS NOT NULL THEN found := found || (country_code || '#' || phone); END IF;
        FOREACH k IN ARRAY found LOOP
          pos := 1;
          WHILE pos <= cardinality(keys) AND keys[pos] < k LOOP pos := pos + 1; END LOOP;
          IF pos > cardinality(keys) OR keys[pos] <> k THEN keys := keys[1:pos - 1] || k || keys[pos:]; END IF;
        END LOOP;
        RETURN keys;
      END $fn$;`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION trainee_name_initials(name_key text)
        RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      DECLARE
        initials text[] := '{}';
        w text;
        c text;
        pos int;
      BEGIN
        FOREACH w IN ARRAY string_to_array(name_key, ' ') LOOP
          c := name_word_initial(w);
          pos := 1;
          WHILE pos <= cardinality(initials) AND initials[pos] <= c LOOP pos := pos + 1; END LOOP;
          initials := initials[1:pos - 1] || c || initials[pos:];
        END LOOP;
        IF cardinality(initials) = 0 THEN RETURN NULL; END IF;
        RETURN array_to_string(initials, '');
      END $fn$;`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(sqlNameInitials('trainee_name_initials'));
    await queryRunner.query(sqlBlockingKeys('trainee_blocking_keys'));
  }
}

/** The first definitions, in SQL, under a name: down() puts them back, and a test compares the two. */
export const sqlNameInitials = (name: string) => `
  CREATE OR REPLACE FUNCTION ${name}(name_key text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (SELECT string_agg(name_word_initial(w), '' ORDER BY name_word_initial(w))
              FROM unnest(string_to_array(name_key, ' ')) AS w)`;

export const sqlBlockingKeys = (name: string) => `
  CREATE OR REPLACE FUNCTION ${name}(country_code text, name_key text, phone text)
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
      ) keys ORDER BY k) END`;
