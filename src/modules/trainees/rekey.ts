import type { DataSource } from 'typeorm';

import { nameKeyOf } from './duplicates/name-key.js';

/** Rows read, and rows whose keys were rewritten, so far. */
export interface RekeyProgress {
  scanned: number;
  changed: number;
}

export interface RekeyOptions {
  /** Rows per batch, each batch one short transaction. */
  batchSize?: number;
  /** Called after each batch with the totals so far. */
  onBatch?: (progress: RekeyProgress) => void;
}

interface Row {
  id: string;
  full_name: string | null;
  active: boolean;
  name_key: string | null;
  patronymic_key: string | null;
}

/**
 * Recomputes the columns derived in JavaScript from a trainee's name — `name_key` and
 * `patronymic_key`, by today's `nameKeyOf` — for every trainee, after that function changed
 * (a migration's backfill keeps the function of its day; this brings the rows to today's). The
 * blocking keys (`blocking_keys`, `name_initials`) are generated from these columns and follow.
 *
 * Batches of `batchSize` rows in id order, each read and written in its own transaction with one
 * `UPDATE … FROM unnest(…)`, so the table is never locked for long and an interrupted run can
 * simply be started again. Only rows whose keys differ are written: a second run changes nothing.
 * A row whose name (or merged / anonymised state) changed between the read and the write is left
 * alone, as whoever changed it wrote its key. Merged and anonymised trainees keep no key, as
 * the merge and the consent withdrawal leave them.
 */
export async function rekeyTrainees(dataSource: DataSource, options: RekeyOptions = {}): Promise<RekeyProgress> {
  const batchSize = options.batchSize ?? 5000;
  const progress: RekeyProgress = { scanned: 0, changed: 0 };
  let after: string | null = null;
  for (;;) {
    const last: string | null = await dataSource.transaction(async (manager) => {
      const rows = await manager.query<Row[]>(
        `SELECT id, full_name, (merged_into_id IS NULL AND consent_withdrawn_at IS NULL) AS active,
                name_key, patronymic_key
           FROM trainees
          WHERE $1::uuid IS NULL OR id > $1::uuid
          ORDER BY id
          LIMIT $2`,
        [after, batchSize],
      );
      if (rows.length === 0) return null;
      const stale = rows.flatMap((row) => {
        const { key, patronymic } = row.active ? nameKeyOf(row.full_name) : { key: null, patronymic: null };
        return key === row.name_key && patronymic === row.patronymic_key ? [] : [{ row, key, patronymic }];
      });
      if (stale.length > 0) {
        // TypeORM answers an UPDATE with [rows, the number of rows updated].
        const [, updated] = await manager.query<[unknown[], number]>(
          `UPDATE trainees t SET name_key = k.name_key, patronymic_key = k.patronymic_key
             FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::text[], $5::text[])
                  AS k(id, full_name, active, name_key, patronymic_key)
            WHERE t.id = k.id
              AND t.full_name IS NOT DISTINCT FROM k.full_name
              AND (t.merged_into_id IS NULL AND t.consent_withdrawn_at IS NULL) = k.active
              AND (t.name_key IS DISTINCT FROM k.name_key OR t.patronymic_key IS DISTINCT FROM k.patronymic_key)`,
          [
            stale.map(({ row }) => row.id),
            stale.map(({ row }) => row.full_name),
            stale.map(({ row }) => row.active),
            stale.map(({ key }) => key),
            stale.map(({ patronymic }) => patronymic),
          ],
        );
        progress.changed += updated;
      }
      progress.scanned += rows.length;
      return rows[rows.length - 1].id;
    });
    if (last === null) return progress;
    options.onBatch?.({ ...progress });
    after = last;
  }
}
