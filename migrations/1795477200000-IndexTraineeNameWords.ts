import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The name search reads words, not trigrams of whole names. A trigram index over 100 000 names
 * merges posting lists of tens of thousands of entries for every search (most names share "an ",
 * " a", "ov "); instead:
 *
 * - `trainees_name_words_idx`: the words of each name (its key's, then its patronymic key's: a
 *   patronymic typed first is a word of the name too), GIN-indexed: the trainees bearing one of a
 *   few given words are a few short posting lists;
 * - `trainee_name_words`: every word of a name key once (a few thousand in a country, not one a
 *   person), with a trigram index: a searched word's spellings and typos are looked for there.
 *   Statement triggers add the words of inserted and updated trainees, and remove the words no
 *   trainee bears any more (an edit, a withdrawal of consent, a merge): the list names no one
 *   the registry has forgotten. Without a unique constraint, so that two registrations of one
 *   new name never wait for each other (a word listed twice is read once).
 *
 * The trigram index on whole name keys is dropped: nothing reads it any more.
 */
/** A name's words: its key's, then its patronymic key's. */
const rowWords = (row: string) => `string_to_array(${row}.name_key || coalesce(' ' || ${row}.patronymic_key, ''), ' ')`;
const NAME_WORDS = `string_to_array(name_key || coalesce(' ' || patronymic_key, ''), ' ')`;

export class IndexTraineeNameWords1795477200000 implements MigrationInterface {
  name = 'IndexTraineeNameWords1795477200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "trainees_name_words_idx" ON "trainees" USING gin (${NAME_WORDS})
         WITH (fastupdate = off)`,
    );
    await queryRunner.query(`CREATE TABLE "trainee_name_words" ("word" text NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "trainee_name_words_word_idx" ON "trainee_name_words" ("word")`);
    await queryRunner.query(
      `CREATE INDEX "trainee_name_words_trgm_idx" ON "trainee_name_words" USING gin ("word" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `INSERT INTO "trainee_name_words" ("word")
       SELECT DISTINCT unnest(${NAME_WORDS}) FROM trainees WHERE name_key IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE FUNCTION trainee_name_words_remember() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO trainee_name_words (word)
        SELECT DISTINCT w FROM new_rows, unnest(${rowWords('new_rows')}) AS w
         WHERE NOT EXISTS (SELECT 1 FROM trainee_name_words n WHERE n.word = w);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION trainee_name_words_forget() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM trainee_name_words n
         WHERE n.word IN (SELECT unnest(${rowWords('old_rows')}) FROM old_rows)
           AND NOT EXISTS (SELECT 1 FROM trainees t WHERE ${rowWords('t')} @> ARRAY[n.word]);
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trainees_name_words_inserted AFTER INSERT ON trainees REFERENCING NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION trainee_name_words_remember()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trainees_name_words_updated AFTER UPDATE ON trainees REFERENCING NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION trainee_name_words_remember()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trainees_name_words_replaced AFTER UPDATE ON trainees REFERENCING OLD TABLE AS old_rows
         FOR EACH STATEMENT EXECUTE FUNCTION trainee_name_words_forget()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trainees_name_words_deleted AFTER DELETE ON trainees REFERENCING OLD TABLE AS old_rows
         FOR EACH STATEMENT EXECUTE FUNCTION trainee_name_words_forget()`,
    );
    await queryRunner.query(`DROP INDEX "public"."trainees_name_key_trgm_idx"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "trainees_name_key_trgm_idx" ON "trainees" USING gin ("name_key" gin_trgm_ops)`,
    );
    await queryRunner.query(`DROP TRIGGER trainees_name_words_deleted ON trainees`);
    await queryRunner.query(`DROP TRIGGER trainees_name_words_replaced ON trainees`);
    await queryRunner.query(`DROP TRIGGER trainees_name_words_updated ON trainees`);
    await queryRunner.query(`DROP TRIGGER trainees_name_words_inserted ON trainees`);
    await queryRunner.query(`DROP FUNCTION trainee_name_words_forget()`);
    await queryRunner.query(`DROP FUNCTION trainee_name_words_remember()`);
    await queryRunner.query(`DROP TABLE "trainee_name_words"`);
    await queryRunner.query(`DROP INDEX "public"."trainees_name_words_idx"`);
  }
}
