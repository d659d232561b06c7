import type { TranslationParams } from '@cascade/i18n';

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
  /** Other rows of this file with the same normalised name and birth year. */
  sameAsRows: number[];
  /**
   * Existing trainees this row may be: filled by duplicate detection (src/modules/duplicates) once
   * merged; always empty until then. See `findRegistryDuplicates` in imports.service.ts.
   */
  duplicates: DuplicateCandidate[];
}

/** The shape duplicate detection will fill the `duplicates` seam with. */
export interface DuplicateCandidate {
  traineeId: string;
  score: number;
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
  /** Rows with problems or duplicates, in file order; at most REPORTED_ROWS_LIMIT. */
  rows: ReportedRow[];
  truncated: boolean;
}

export interface ImportResult {
  trainees: number;
  enrollments: number;
  attendanceMarks: number;
  assessments: number;
}

/** A report for 100,000 bad rows would be larger than anyone reads: the first ones are listed. */
export const REPORTED_ROWS_LIMIT = 1_000;
