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
  /**
   * What the file says of the person, for a row with candidates: the officer compares it with them.
   * Kept only until the commit (the file is erased then, and so is this).
   */
  person?: ImportedPerson;
}

/** A row's person as the file gives it, shown beside the registered candidates. */
export interface ImportedPerson {
  fullName: string;
  birthYear: number | null;
  profession: string;
  regionCode: string | null;
  phone: string | null;
}

/** The officer's answer for a row with registered candidates. */
export enum RowChoice {
  /** The row is this registered trainee: link to it (enrol, fill its empty fields), register no one. */
  Same = 'same',
  /** A new person: registered, and recorded as different from the candidates shown. */
  New = 'new',
  /** Nothing is written for the row. */
  Skip = 'skip',
}

export interface RowResolution {
  row: number;
  choice: RowChoice;
  /** For `same`: which candidate. */
  traineeId?: string;
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
  /** What the dry run looked up against, for the commit (never shown: localizeReport leaves it out). */
  registry?: RegistryAsChecked;
}

/**
 * The registry as the dry run saw it: the country's trainee rows (their fingerprint,
 * `registryFingerprint`) and which of the file's rows had candidates in it (a bit a row, base64).
 * A commit finding the same fingerprint knows every row's candidates are those of the dry run.
 */
export interface RegistryAsChecked {
  fingerprint: string;
  rowsWithCandidates: string;
  /**
   * The valid rows as checked, kept in `import_checked_rows` in this many batches, and the
   * fingerprint of the places and sessions they were checked against (`TargetFacts`). Absent when
   * the rows were not kept: the commit reads the file again.
   */
  checkedRows?: { batches: number; facts: string };
}

/** A report without the registry as checked: as shown, and as kept once committed. */
export const withoutRegistry = ({ registry: _, ...report }: ImportReport): Omit<ImportReport, 'registry'> => report;

export interface ImportResult {
  trainees: number;
  enrollments: number;
  attendanceMarks: number;
  assessments: number;
  /** Pairs (new trainee, registered candidate) recorded as different people: rows resolved as new people. */
  distinctPairs: number;
  /** Rows resolved as a registered trainee: linked to it, no one registered. */
  linked: number;
  /** Rows resolved as skipped: nothing written. */
  skipped: number;
  /** Empty fields of linked trainees filled from the file. */
  filledFields: number;
  /** Values of the file that differ from a linked trainee's: the registered value was kept. */
  keptFields: number;
  /**
   * Rows with registry candidates left unanswered, registered as new people by the officer's choice
   * (`unansweredAsNew`): recorded as different from no one, so their pairs wait in the duplicate queue.
   */
  toReview: number;
}

/** A report for 100,000 bad rows would be larger than anyone reads: the first ones are listed. */
export const REPORTED_ROWS_LIMIT = 1_000;
/** A name shared by thousands of rows (a placeholder) would list them all on each: the first ones are. */
export const SAME_AS_ROWS_LIMIT = 20;
