import type { TranslationParams } from '@cascade/i18n';

import type { MatchField } from '../trainees/index.js';

/** One thing wrong with one cell (or a row), as a code and parameters; translated when read. */
export interface RowProblem {
  /** The header as written in the file; null for a problem with the whole row. */
  column: string | null;
  /** The field the column was matched to, e.g. `consent_date`. */
  field: string | null;
  /** The i18n key under `validation.`, e.g. `invalid_date`. */
  code: string;
  params?: TranslationParams;
}

/** A reported row: its problems, the other rows of the file naming the same person, and matches in the registry. */
export interface ReportedRow {
  /** The row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  problems: RowProblem[];
  /**
   * Other rows of this file that may name the same person: the same name key and birth year, and
   * no two different patronymics. The first SAME_AS_ROWS_LIMIT.
   */
  sameAsRows: number[];
  /** Registered trainees this row may be (duplicate detection, `findRegistryDuplicates`), likeliest first. */
  duplicates: DuplicateCandidate[];
}

/**
 * A registered trainee a row may be, as the report keeps it: no name is stored with the report
 * (it outlives the file, and a name must go when its trainee withdraws consent); names are read
 * when the report is shown, as the reader may see them.
 */
export interface DuplicateCandidate {
  traineeId: string;
  /** From the threshold (duplicate-score.ts) to 1. */
  score: number;
  matchingFields: MatchField[];
  conflictingFields: MatchField[];
}

export interface ImportReport {
  /** A problem with the whole file, found by a job (a request answers 400 instead): nothing else is listed. */
  fileProblem?: { code: string; params: TranslationParams };
  encoding: string | null;
  separator: string | null;
  /** Header → field, in file order; fields the header named. */
  columns: { column: string; field: string }[];
  /** Headers matched to no field: their cells are not read. */
  ignoredColumns: string[];
  totalRows: number;
  validRows: number;
  invalidRows: number;
  /** Groups of rows naming the same person. */
  duplicateGroups: number;
  /** Valid rows that may be trainees already registered (all of them, not only the reported). */
  registryDuplicateRows: number;
  /** Rows with problems or duplicates, in file order; at most REPORTED_ROWS_LIMIT. */
  rows: ReportedRow[];
  truncated: boolean;
}

export interface ImportResult {
  trainees: number;
  enrollments: number;
  attendanceMarks: number;
  assessments: number;
  /** Pairs (new trainee, registered one) recorded as different people when the commit was confirmed. */
  distinctPairs: number;
}

/** A report for 100,000 bad rows would be larger than anyone reads: the first ones are listed. */
export const REPORTED_ROWS_LIMIT = 1_000;
/** A name shared by thousands of rows (a placeholder) would list them all on each: the first ones are. */
export const SAME_AS_ROWS_LIMIT = 20;
