import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GIN index on the words of trainees' names (IndexTraineeNameWords1795477200000) takes new
 * entries through a small pending list (256 kB) merged into the index in bulk, instead of one
 * entry at a time: a 100,000-row import wrote each trainee's words into it one by one, about a
 * fifth of each insert (5,000 trainees: 460 ms with the list, 780 ms without, on the benchmark's
 * registry). A name search reads the list too, at most 256 kB (a few milliseconds). The blocking
 * keys' index stays without one: a dry run reads it once per row.
 */
export class BufferNameWordsIndexInserts1795477500002 implements MigrationInterface {
  name = 'BufferNameWordsIndexInserts1795477500002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER INDEX "trainees_name_words_idx" SET (fastupdate = on, gin_pending_list_limit = 256)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "trainees_name_words_idx" SET (fastupdate = off)`);
    await queryRunner.query(`ALTER INDEX "trainees_name_words_idx" RESET (gin_pending_list_limit)`);
    // Turning the list off keeps what it holds: merged now, so every search reads the index alone.
    await queryRunner.query(`SELECT gin_clean_pending_list('trainees_name_words_idx')`);
  }
}
