import type { DataSource, QueryRunner } from 'typeorm';

import { DUPLICATE_THRESHOLD, type ScoredSide, scoreSql } from './duplicate-score.js';

/** Trainees scanned per statement: each chunk's pairs are scored and stored in one statement. */
const SCAN_CHUNK = 5_000;

export interface ScanProgress {
  traineesDone: number;
  traineesTotal: number;
  pairs: number;
}

const side = (alias: string): ScoredSide => ({
  nameKey: `${alias}.name_key`,
  nameInitials: `${alias}.name_initials`,
  patronymicKey: `${alias}.patronymic_key`,
  birthYear: `${alias}.birth_year`,
  organizationId: `${alias}.organization_id`,
  phone: `${alias}.phone`,
});

/**
 * Refills the duplicate queue of one country from all pairs of its trainees (the registry-wide
 * scan). The country's active trainees and their blocking keys are copied once into temporary
 * tables of the scan's own connection (one sequential read of `trainees`); then, a chunk of
 * trainees at a time, every pair sharing a blocking key is scored (duplicate-score.ts) and the
 * pairs at or above the threshold are written to `duplicate_queue_pairs`, the older record first,
 * leaving out pairs already judged different people (merged trainees have no keys, so they never
 * pair). Once every chunk is done, the pairs of the country's earlier scan not found again are
 * removed and the scan is marked finished, its start time becoming the queue's `as of`.
 * Each chunk is its own transaction: the registry is never locked for the scan's length.
 */
export async function scanCountry(
  dataSource: DataSource,
  countryCode: string,
  onProgress: (progress: ScanProgress) => Promise<void>,
): Promise<ScanProgress> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // TypeORM answers an UPDATE with [rows returned, rows updated].
    const [[{ started }]] = (await runner.query(
      `UPDATE duplicate_scans SET started_at = clock_timestamp(), trainees_done = 0, pairs = 0
        WHERE country_code = $1 RETURNING started_at AS started`,
      [countryCode],
    )) as [{ started: Date }[], number];
    const ids = await copyCountry(runner, countryCode);
    const progress: ScanProgress = { traineesDone: 0, traineesTotal: ids.length, pairs: 0 };
    await report(runner, countryCode, progress, onProgress);
    const { score, matching, conflicting } = scoreSql(side('a'), side('b'));
    for (let from = 0; from < ids.length; from += SCAN_CHUNK) {
      const chunk = ids.slice(from, from + SCAN_CHUNK);
      // TypeORM answers an INSERT with the rows it returned: one per pair written.
      const written = (await runner.query(
        `INSERT INTO duplicate_queue_pairs AS q
              (trainee_id, other_trainee_id, country_code, score, matching, conflicting, found_at)
         SELECT CASE WHEN (a.created_at, a.id) < (b.created_at, b.id) THEN a.id ELSE b.id END,
                CASE WHEN (a.created_at, a.id) < (b.created_at, b.id) THEN b.id ELSE a.id END,
                $2, score, matching, conflicting, $3
           FROM (SELECT DISTINCT x.id AS a_id, y.id AS b_id
                   FROM scan_keys x JOIN scan_keys y ON y.k = x.k AND y.id > x.id
                  WHERE x.id = ANY($1::uuid[])) c
           JOIN scan_people a ON a.id = c.a_id
           JOIN scan_people b ON b.id = c.b_id
          CROSS JOIN LATERAL (SELECT ${score} AS score, ${matching} AS matching, ${conflicting} AS conflicting) s
          WHERE s.score >= $4
            AND NOT EXISTS (SELECT 1 FROM duplicate_distinct_pairs d
                             WHERE d.trainee_id = LEAST(a.id, b.id) AND d.other_trainee_id = GREATEST(a.id, b.id))
         ON CONFLICT (trainee_id, other_trainee_id) DO UPDATE
            SET score = EXCLUDED.score, matching = EXCLUDED.matching, conflicting = EXCLUDED.conflicting,
                country_code = EXCLUDED.country_code, found_at = EXCLUDED.found_at
         RETURNING 1`,
        [chunk, countryCode, started, DUPLICATE_THRESHOLD],
      )) as unknown[];
      progress.traineesDone += chunk.length;
      progress.pairs += written.length;
      await report(runner, countryCode, progress, onProgress);
    }
    await runner.startTransaction();
    await runner.query(`DELETE FROM duplicate_queue_pairs WHERE country_code = $1 AND found_at < $2`, [
      countryCode,
      started,
    ]);
    await runner.query(
      `UPDATE duplicate_scans SET finished_at = clock_timestamp(), queue_as_of = started_at WHERE country_code = $1`,
      [countryCode],
    );
    await runner.commitTransaction();
    return progress;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.query(`DROP TABLE IF EXISTS scan_keys, scan_people`).catch(() => undefined);
    await runner.release();
  }
}

/** The country's active trainees and their blocking keys, in temporary tables; their ids in order. */
async function copyCountry(runner: QueryRunner, countryCode: string): Promise<string[]> {
  await runner.query(`DROP TABLE IF EXISTS scan_keys, scan_people`);
  await runner.query(
    `CREATE TEMPORARY TABLE scan_people AS
     SELECT id, created_at, name_key, name_initials, patronymic_key, birth_year, organization_id, phone, blocking_keys
       FROM trainees WHERE country_code = $1 AND blocking_keys IS NOT NULL`,
    [countryCode],
  );
  await runner.query(`ALTER TABLE scan_people ADD PRIMARY KEY (id)`);
  await runner.query(`CREATE TEMPORARY TABLE scan_keys AS SELECT unnest(blocking_keys) AS k, id FROM scan_people`);
  await runner.query(`CREATE INDEX ON scan_keys (k, id)`);
  await runner.query(`CREATE INDEX ON scan_keys (id)`);
  await runner.query(`ANALYZE scan_people, scan_keys`);
  const rows = (await runner.query(`SELECT id FROM scan_people ORDER BY id`)) as { id: string }[];
  return rows.map((row) => row.id);
}

async function report(
  runner: QueryRunner,
  countryCode: string,
  progress: ScanProgress,
  onProgress: (progress: ScanProgress) => Promise<void>,
): Promise<void> {
  await runner.query(
    `UPDATE duplicate_scans SET trainees_total = $2, trainees_done = $3, pairs = $4 WHERE country_code = $1`,
    [countryCode, progress.traineesTotal, progress.traineesDone, progress.pairs],
  );
  await onProgress({ ...progress });
}
