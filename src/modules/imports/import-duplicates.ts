import type { EntityManager } from 'typeorm';

import type { DuplicateDetector } from '../trainees/index.js';
import type { TraineeRecord } from './import-columns.js';
import { type DuplicateCandidate, SAME_AS_ROWS_LIMIT } from './import-report.js';
import type { ImportTarget } from './import-rows.js';

/** A row of the file, for the rows naming one person: a name key and birth year shared, a patronymic maybe. */
export interface PersonRow {
  row: number;
  patronymic: string | null;
}

/**
 * Which rows of a group (one name key, one birth year) may be one person: all but those whose
 * patronymics are both given and differ (brothers, or namesakes). Each row's others, the first
 * SAME_AS_ROWS_LIMIT of them; rows with none are left out.
 */
export function sameAsRowsOf(group: PersonRow[]): Map<number, number[]> {
  const byPatronymic = new Map<string | null, number[]>();
  for (const person of group) {
    const rows = byPatronymic.get(person.patronymic);
    if (rows) rows.push(person.row);
    else byPatronymic.set(person.patronymic, [person.row]);
  }
  const all = group.map((person) => person.row);
  const unnamed = byPatronymic.get(null) ?? [];
  const result = new Map<number, number[]>();
  for (const person of group) {
    const pools = person.patronymic === null ? [all] : [byPatronymic.get(person.patronymic) ?? [], unnamed];
    const others: number[] = [];
    for (const pool of pools) {
      for (const row of pool) {
        if (others.length >= SAME_AS_ROWS_LIMIT) break;
        if (row !== person.row) others.push(row);
      }
    }
    if (others.length > 0)
      result.set(
        person.row,
        others.sort((a, b) => a - b),
      );
  }
  return result;
}

export const personToMatch = (record: TraineeRecord, target: ImportTarget) => ({
  fullName: record.fullName,
  countryCode: target.countryCode,
  birthYear: record.birthYear,
  phone: record.phone,
  nameKey: { key: record.nameKey, patronymic: record.patronymicKey },
});

/**
 * Duplicate detection against the registry for a batch of checked rows, in one query
 * (DuplicateDetector.findCandidatesInBatch, in the target's country): each row with candidates, and
 * them, likeliest first.
 */
export async function findRegistryDuplicates(
  detector: DuplicateDetector,
  manager: EntityManager,
  target: ImportTarget,
  rows: readonly { row: number; record: TraineeRecord }[],
): Promise<Map<number, DuplicateCandidate[]>> {
  const found = await detector.findCandidatesInBatch(
    manager,
    rows.map(({ record }) => personToMatch(record, target)),
  );
  const result = new Map<number, DuplicateCandidate[]>();
  found.forEach((candidates, i) => {
    if (candidates.length === 0) return;
    result.set(
      rows[i].row,
      candidates.map((candidate) => ({
        traineeId: candidate.traineeId,
        score: candidate.score,
        matchingFields: candidate.matchingFields,
        conflictingFields: candidate.conflictingFields,
      })),
    );
  });
  return result;
}

/**
 * A fingerprint of the country's trainee rows as they stand: any registration, edit, merge or
 * removal since gives another (each row version has its own place and transaction id; a vacuum
 * that rewrites rows gives another too, which costs a full re-check, never a missed one). A commit
 * finding the dry run's fingerprint may take the dry run's candidates instead of looking again.
 */
export async function registryFingerprint(manager: EntityManager, countryCode: string): Promise<string> {
  const [{ fingerprint }] = await manager.query<{ fingerprint: string }[]>(
    `SELECT count(*) || ':' || coalesce(sum(hashtextextended(ctid::text || '/' || xmin::text, 0)), 0) AS fingerprint
       FROM trainees WHERE country_code = $1`,
    [countryCode],
  );
  return fingerprint;
}

/** Row numbers as a set of bits, kept in the report as base64 (100,000 rows: 17 KB). */
export class RowBits {
  private constructor(private bytes: Uint8Array) {}

  static empty(): RowBits {
    return new RowBits(new Uint8Array(0));
  }

  static fromBase64(text: string): RowBits {
    return new RowBits(new Uint8Array(Buffer.from(text, 'base64')));
  }

  add(row: number): void {
    const index = row >> 3;
    if (index >= this.bytes.length) {
      const grown = new Uint8Array(Math.max(index + 1, this.bytes.length * 2));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[index] |= 1 << (row & 7);
  }

  has(row: number): boolean {
    const index = row >> 3;
    return index < this.bytes.length && (this.bytes[index] & (1 << (row & 7))) !== 0;
  }

  toBase64(): string {
    let end = this.bytes.length;
    while (end > 0 && this.bytes[end - 1] === 0) end--;
    return Buffer.from(this.bytes.subarray(0, end)).toString('base64');
  }
}
