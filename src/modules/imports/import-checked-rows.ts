import { HttpStatus } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { AppException } from '@cascade/common';

import type { TraineeRecord } from './import-columns.js';
import type { OpenedFile } from './import-file.js';
import { checkedLines, type ImportTarget, type TargetFacts } from './import-rows.js';
import { ImportsErrorCode } from './imports-error-code.js';

/** A valid row of the file, as the dry run checked it. */
export interface CheckedRecord {
  row: number;
  record: TraineeRecord;
}

/**
 * The dry run's valid rows, batch by batch, kept for the commit: reading and checking 100,000 rows
 * again (the workbook unpacked, names keyed and transliterated, phones parsed) cost the commit as
 * much time as its writes. Held as JSON while the check runs (about 30 MB for 100,000 rows), then
 * written with the import (sent as the text's bytes).
 */
export class CheckedRowBatches {
  /** UTF-8, outside the JavaScript heap (a string would hold Cyrillic names at two bytes a letter). */
  readonly batches: Buffer[] = [];

  add(rows: readonly CheckedRecord[]): void {
    if (rows.length > 0) this.batches.push(Buffer.from(JSON.stringify(rows.map(({ row, record }) => [row, record]))));
  }
}

/** Replaces an import's kept rows with these (a check again keeps only its own). */
export async function saveCheckedRows(
  manager: EntityManager,
  importId: string,
  kept: CheckedRowBatches,
): Promise<void> {
  await manager.query(`DELETE FROM import_checked_rows WHERE import_id = $1`, [importId]);
  for (const [batch, rows] of kept.batches.entries()) {
    await manager.query(`INSERT INTO import_checked_rows (import_id, batch, rows) VALUES ($1, $2, $3::text)`, [
      importId,
      batch,
      rows,
    ]);
  }
}

/**
 * The kept rows, a batch read at a time, the next one read while this one is written. Read on a
 * connection of the pool, not the commit's: they are not the commit's to change (a check again
 * would wait for the import row the commit holds), and its connection is busy writing.
 */
export async function* keptRows(
  dataSource: DataSource,
  importId: string,
  batches: number,
): AsyncGenerator<CheckedRecord> {
  const read = async (batch: number) => {
    const [found] = await dataSource.query<{ rows: string }[]>(
      `SELECT rows FROM import_checked_rows WHERE import_id = $1 AND batch = $2`,
      [importId, batch],
    );
    // A batch gone means the import must be checked again.
    if (!found) throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
    return JSON.parse(found.rows) as [number, TraineeRecord][];
  };
  let next = batches > 0 ? read(0) : null;
  for (let batch = 0; next !== null; batch++) {
    const rows = await next;
    next = batch + 1 < batches ? read(batch + 1) : null;
    // Thrown when its turn comes; unheard if the commit stops before it.
    next?.catch(() => undefined);
    for (const [row, record] of rows) yield { row, record };
  }
}

/** The file's rows checked again; a row now in error (a place removed since) refuses the commit. */
export async function* fileRows(
  file: OpenedFile,
  target: ImportTarget,
  facts: TargetFacts,
): AsyncGenerator<CheckedRecord> {
  for await (const line of checkedLines(file, target, facts)) {
    if (!line.record) throw new AppException(HttpStatus.CONFLICT, ImportsErrorCode.ImportInvalid);
    yield { row: line.number, record: line.record };
  }
}

/** The import's rows are written and its file dropped: its kept rows go with it. */
export async function dropCheckedRows(manager: EntityManager, importId: string): Promise<void> {
  await manager.query(`DELETE FROM import_checked_rows WHERE import_id = $1`, [importId]);
}
