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
 * (DuplicateDetector.findCandidates, in the target's country): each row with candidates, and
 * them, likeliest first.
 */
export async function findRegistryDuplicates(
  detector: DuplicateDetector,
  manager: EntityManager,
  target: ImportTarget,
  rows: readonly { row: number; record: TraineeRecord }[],
): Promise<Map<number, DuplicateCandidate[]>> {
  const found = await detector.findCandidates(
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
