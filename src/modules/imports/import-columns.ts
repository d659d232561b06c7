import { isEmail } from 'class-validator';

import { isLatinScript, latestToday } from '@cascade/common';
import { type Locale, LOCALE_RESOURCES, SUPPORTED_LOCALES, translate } from '@cascade/i18n';

import { AttendanceStatus } from '../attendance/index.js';
import { Profession, Sex } from '../reference/index.js';
import { MIN_BIRTH_YEAR, type NameKey, nameKeyOf } from '../trainees/index.js';
import type { RowProblem } from './import-report.js';
import { ImportKind } from './registry-import.entity.js';

/** The columns a file may have; each one's header is `imports.columns.<field>` in any of the five locales. */
export const TRAINEE_FIELDS = [
  'full_name',
  'latin_name',
  'sex',
  'profession',
  'birth_year',
  'region',
  'phone',
  'email',
  'consent_date',
] as const;
export const EVENT_FIELDS = ['pre_score', 'post_score'] as const;
export type ImportField = (typeof TRAINEE_FIELDS)[number] | (typeof EVENT_FIELDS)[number];

export const REQUIRED_FIELDS: readonly ImportField[] = ['full_name', 'profession', 'consent_date'];

/** Sessions are columns "Session 1", "Session 2", … in the order of the event's sessions (date, start time). */
export const MAX_SESSION_COLUMNS = 60;
const SESSION_PREFIX = 'session_';

export const fieldsOf = (kind: ImportKind): readonly ImportField[] =>
  kind === ImportKind.EventRecords ? [...TRAINEE_FIELDS, ...EVENT_FIELDS] : TRAINEE_FIELDS;

/** The header of a column in a locale, as the templates write it. */
export function columnLabel(locale: Locale, field: string): string {
  return field.startsWith(SESSION_PREFIX)
    ? translate(locale, 'imports.columns.session', { n: Number(field.slice(SESSION_PREFIX.length)) })
    : translate(locale, `imports.columns.${field}`);
}

export const sessionField = (n: number) => `${SESSION_PREFIX}${n}`;
export const sessionNumber = (field: string): number | null =>
  field.startsWith(SESSION_PREFIX) ? Number(field.slice(SESSION_PREFIX.length)) : null;

/**
 * A label as people vary it: case, ё/е, punctuation, spaces, an asterisk marking a required column.
 * "Дата согласия*", "дата  согласия" and "ДАТА СОГЛАСИЯ" are one label.
 */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Every locale's header for every field, and the field names themselves (full_name), normalised. */
const HEADER_INDEX: ReadonlyMap<string, string> = (() => {
  const index = new Map<string, string>();
  const fields = [...TRAINEE_FIELDS, ...EVENT_FIELDS] as string[];
  for (let n = 1; n <= MAX_SESSION_COLUMNS; n++) fields.push(sessionField(n));
  for (const field of fields) {
    index.set(normalizeLabel(field), field);
    for (const locale of SUPPORTED_LOCALES) index.set(normalizeLabel(columnLabel(locale, field)), field);
  }
  return index;
})();

export interface HeaderMatch {
  /** The field each column was matched to, or null when ignored. */
  fields: (string | null)[];
  headers: string[];
  ignored: string[];
  missing: ImportField[];
  duplicated: string[];
  /** The highest session number among the columns (0 without any). */
  sessions: number;
}

export function matchHeader(cells: unknown[], kind: ImportKind): HeaderMatch {
  const allowed = new Set<string>(fieldsOf(kind));
  const headers = cells.map((cell) => cellText(cell) ?? '');
  const seen = new Set<string>();
  const result: HeaderMatch = { fields: [], headers, ignored: [], missing: [], duplicated: [], sessions: 0 };
  for (const header of headers) {
    const field = HEADER_INDEX.get(normalizeLabel(header)) ?? null;
    const session = field === null ? null : sessionNumber(field);
    const usable = field !== null && (allowed.has(field) || (session !== null && kind === ImportKind.EventRecords));
    if (!usable) {
      if (header.trim() !== '') result.ignored.push(header);
      result.fields.push(null);
      continue;
    }
    if (seen.has(field)) result.duplicated.push(header);
    seen.add(field);
    if (session !== null) result.sessions = Math.max(result.sessions, session);
    result.fields.push(field);
  }
  result.missing = REQUIRED_FIELDS.filter((field) => !seen.has(field));
  return result;
}

// ---- cell values ----------------------------------------------------------------------------------

/** A cell's text: exceljs's rich text and hyperlinks read as their text; empty is null. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const object = value as { richText?: { text: string }[]; text?: unknown; error?: string; result?: unknown };
    if (Array.isArray(object.richText)) return cellText(object.richText.map((part) => part.text).join(''));
    if (object.text !== undefined) return cellText(object.text);
    if (object.error !== undefined) return object.error;
    return null;
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const text = String(value).trim().replace(/\s+/g, ' ');
  return text === '' ? null : text;
}

/** A number as typed in our locales: "85,5", "1 984", "85.0"; an Excel number cell as is. */
export function parseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = cellText(value);
  if (text === null) return null;
  const compact = text.replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  return /^[-+]?\d+(\.\d+)?$/.test(compact) ? Number(compact) : Number.NaN;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A date as spreadsheets hold it: a date cell (exceljs gives a Date at UTC midnight), an Excel serial
 * number (45789), or text: 31.12.2024, 31/12/2024, 2024-12-31. Returns YYYY-MM-DD, null for an empty
 * cell and false for anything else.
 */
export function parseDate(value: unknown): string | null | false {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? false : value.toISOString().slice(0, 10);
  const serial =
    typeof value === 'number' ? value : /^\d{5}(\.\d+)?$/.test(cellText(value) ?? '') ? Number(cellText(value)) : null;
  if (serial !== null) {
    // Serials from 1 Jan 1960 to 2099: anything else is not a date someone typed.
    if (serial < 21_916 || serial > 73_050) return false;
    return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
  }
  const text = cellText(value);
  if (text === null) return null;
  let match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  let [year, month, day] = match ? [match[3], match[2], match[1]] : [];
  if (!match) {
    match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/.exec(text);
    if (match) [year, month, day] = [match[1], match[2], match[3]];
  }
  if (!year || !month || !day) return false;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : false;
}

// ---- vocabularies ----------------------------------------------------------------------------------

type Vocabulary = 'sex' | 'profession' | 'attendance_status';

const VOCABULARY_VALUES: Record<Vocabulary, readonly string[]> = {
  sex: Object.values(Sex),
  profession: Object.values(Profession),
  attendance_status: Object.values(AttendanceStatus),
};

/** Codes, every locale's labels (`enums.<vocabulary>.<code>`) and aliases (`imports.aliases.…`), normalised. */
const VOCABULARY_INDEX: Record<Vocabulary, ReadonlyMap<string, string>> = (() => {
  const build = (vocabulary: Vocabulary) => {
    const index = new Map<string, string>();
    for (const code of VOCABULARY_VALUES[vocabulary]) {
      index.set(normalizeLabel(code), code);
      for (const locale of SUPPORTED_LOCALES) {
        index.set(normalizeLabel(translate(locale, `enums.${vocabulary}.${code}`)), code);
        const aliases = (LOCALE_RESOURCES[locale].imports.aliases as unknown as Record<string, Record<string, string>>)[
          vocabulary
        ]?.[code];
        for (const alias of aliases?.split(',') ?? []) {
          if (alias.trim()) index.set(normalizeLabel(alias), code);
        }
      }
    }
    return index;
  };
  return { sex: build('sex'), profession: build('profession'), attendance_status: build('attendance_status') };
})();

/** The values of a vocabulary in a locale, for a message listing what is accepted. */
export function vocabularyLabels(vocabulary: string, locale: Locale): string {
  const values = VOCABULARY_VALUES[vocabulary as Vocabulary] ?? [];
  return values.map((code) => translate(locale, `enums.${vocabulary}.${code}`)).join(', ');
}

function lookUp(vocabulary: Vocabulary, text: string): string | null {
  return VOCABULARY_INDEX[vocabulary].get(normalizeLabel(text)) ?? null;
}

// ---- rows --------------------------------------------------------------------------------------

/** A row's values once checked: what the commit writes. */
export interface TraineeRecord {
  fullName: string;
  latinName: string | null;
  sex: Sex;
  profession: Profession;
  birthYear: number | null;
  regionCode: string | null;
  phone: string | null;
  email: string | null;
  consentDate: string;
  /** The duplicate-detection keys of the name (name-key.ts), written with the trainee. */
  nameKey: string | null;
  patronymicKey: string | null;
  preScore: number | null;
  postScore: number | null;
  /** Per session, in the event's order; null where the cell is empty. */
  attendance: (AttendanceStatus | null)[];
}

export interface RowContext {
  kind: ImportKind;
  header: HeaderMatch;
  /** The country's regions: code → code, and each locale's name (normalised) → code. */
  regions: ReadonlyMap<string, string>;
  /** The event's session count (0 for trainees). */
  sessions: number;
  today?: string;
}

export interface CheckedRow {
  record: TraineeRecord | null;
  problems: RowProblem[];
  /**
   * The name's key (name-key.ts, the one normalisation duplicate detection uses), for the rows of
   * the file naming one person and for the registry's candidates; null when the row has no name.
   */
  nameKey: NameKey | null;
  /** The birth year when valid, for in-file duplicates even on a row with problems. */
  birthYear: number | null;
}

/** Checks one data row against the DTO rules of a trainee (and of scores and attendance). */
export function checkRow(cells: unknown[], context: RowContext): CheckedRow {
  const problems: RowProblem[] = [];
  const raw = new Map<string, { value: unknown; column: string }>();
  context.header.fields.forEach((field, index) => {
    if (field !== null) raw.set(field, { value: cells[index], column: context.header.headers[index] });
  });
  const problem = (field: string, code: string, params?: RowProblem['params']) =>
    problems.push({ column: raw.get(field)?.column ?? null, field, code, ...(params ? { params } : {}) });
  const text = (field: string) => cellText(raw.get(field)?.value);

  const fullName = text('full_name');
  if (fullName === null) problem('full_name', 'isDefined');
  else if (fullName.length < 2) problem('full_name', 'minLength', { min: 2 });
  else if (fullName.length > 200) problem('full_name', 'maxLength', { max: 200 });
  else if (/\p{Cc}/u.test(fullName)) problem('full_name', 'matches');

  const latinName = text('latin_name');
  if (latinName !== null && !isLatinScript(latinName)) problem('latin_name', 'latin_letters_only');
  else if (latinName !== null && latinName.length > 200) problem('latin_name', 'maxLength', { max: 200 });

  const choice = (field: string, vocabulary: Vocabulary): string | null => {
    const value = text(field);
    if (value === null) return null;
    const code = lookUp(vocabulary, value);
    if (code === null) problem(field, 'isIn', { vocabulary });
    return code;
  };
  const sex = (choice('sex', 'sex') as Sex | null) ?? Sex.NotRecorded;
  const profession = choice('profession', 'profession') as Profession | null;
  if (profession === null && text('profession') === null) problem('profession', 'isDefined');

  const wholeNumber = (field: string, min: number, max: number): number | null => {
    const value = parseNumber(raw.get(field)?.value);
    if (value === null) return null;
    if (Number.isNaN(value)) problem(field, 'isNumber');
    else if (!Number.isInteger(value)) problem(field, 'isInt');
    else if (value < min) problem(field, 'min', { min });
    else if (value > max) problem(field, 'max', { max });
    else return value;
    return null;
  };
  const today = context.today ?? latestToday();
  const birthYear = wholeNumber('birth_year', MIN_BIRTH_YEAR, Number(today.slice(0, 4)));

  let regionCode: string | null = null;
  const region = text('region');
  if (region !== null) {
    regionCode = context.regions.get(region.toUpperCase()) ?? context.regions.get(normalizeLabel(region)) ?? null;
    if (regionCode === null) problem('region', 'region_not_in_import_country');
  }

  let phone = text('phone');
  if (phone !== null) {
    phone = phone.replace(/[\s().-]/g, '');
    if (!/^\+[1-9]\d{5,18}$/.test(phone)) problem('phone', 'phone_format');
  }
  let email = text('email');
  if (email !== null) {
    email = email.toLowerCase();
    if (email.length > 254 || !isEmail(email, { require_tld: true, allow_ip_domain: false }))
      problem('email', 'isEmail');
  }

  const consentDate = parseDate(raw.get('consent_date')?.value);
  if (consentDate === null) problem('consent_date', 'isDefined');
  else if (consentDate === false) problem('consent_date', 'invalid_date');
  else if (consentDate > today) problem('consent_date', 'date_in_future');

  let preScore: number | null = null;
  let postScore: number | null = null;
  const attendance: (AttendanceStatus | null)[] = [];
  if (context.kind === ImportKind.EventRecords) {
    preScore = wholeNumber('pre_score', 0, 100);
    postScore = wholeNumber('post_score', 0, 100);
    for (let n = 1; n <= context.sessions; n++) {
      attendance.push(choice(sessionField(n), 'attendance_status') as AttendanceStatus | null);
    }
  }

  const nameKey = fullName === null ? null : nameKeyOf(fullName);
  if (problems.length > 0 || fullName === null || profession === null || typeof consentDate !== 'string') {
    return { record: null, problems, nameKey, birthYear };
  }
  return {
    record: {
      fullName,
      latinName,
      sex,
      profession,
      birthYear,
      regionCode,
      phone,
      email,
      consentDate,
      nameKey: nameKey?.key ?? null,
      patronymicKey: nameKey?.patronymic ?? null,
      preScore,
      postScore,
      attendance,
    },
    problems,
    nameKey,
    birthYear,
  };
}
