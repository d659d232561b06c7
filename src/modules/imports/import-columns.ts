import { type Locale, LOCALE_RESOURCES, SUPPORTED_LOCALES, translate } from '@cascade/i18n';

import { AttendanceStatus } from '../attendance/index.js';
import { Profession, Sex } from '../reference/index.js';
import { cellText } from './import-cells.js';
import { HEADER_SYNONYMS, PROFESSION_SYNONYMS } from './import-synonyms.js';
import { ImportKind } from './registry-import.entity.js';

/** The columns a file may have; each one's header is `imports.columns.<field>` in any of the five locales. */
export const TRAINEE_FIELDS = [
  'full_name',
  'latin_name',
  'sex',
  'profession',
  'birth_year',
  'region',
  'organization',
  'phone',
  'email',
  'consent_date',
] as const;
export const EVENT_FIELDS = ['pre_score', 'post_score'] as const;
/** Columns read but not in the templates: a birth date gives the birth year, and is not kept. */
export const READ_ONLY_FIELDS = ['birth_date'] as const;
export type ImportField =
  (typeof TRAINEE_FIELDS)[number] | (typeof EVENT_FIELDS)[number] | (typeof READ_ONLY_FIELDS)[number];

export const REQUIRED_FIELDS: readonly ImportField[] = ['full_name', 'profession', 'consent_date'];

/** Sessions are columns "Session 1", "Session 2", … in the order of the event's sessions (date, start time). */
export const MAX_SESSION_COLUMNS = 60;
const SESSION_PREFIX = 'session_';

/** The columns of a kind's template. */
export const fieldsOf = (kind: ImportKind): readonly ImportField[] =>
  kind === ImportKind.EventRecords ? [...TRAINEE_FIELDS, ...EVENT_FIELDS] : TRAINEE_FIELDS;
const readableFieldsOf = (kind: ImportKind): readonly ImportField[] => [...fieldsOf(kind), ...READ_ONLY_FIELDS];

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

/** Every locale's header for every field, their usual variants, and the field names themselves (full_name), normalised. */
const HEADER_INDEX: ReadonlyMap<string, string> = (() => {
  const index = new Map<string, string>();
  const fields = [...TRAINEE_FIELDS, ...EVENT_FIELDS, ...READ_ONLY_FIELDS] as string[];
  for (let n = 1; n <= MAX_SESSION_COLUMNS; n++) fields.push(sessionField(n));
  for (const field of fields) {
    for (const synonym of HEADER_SYNONYMS[field] ?? []) index.set(normalizeLabel(synonym), field);
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
  const allowed = new Set<string>(readableFieldsOf(kind));
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

// ---- vocabularies ----------------------------------------------------------------------------------

export type Vocabulary = 'sex' | 'profession' | 'attendance_status';

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
      if (vocabulary === 'profession') {
        for (const synonym of PROFESSION_SYNONYMS[code as Profession]) index.set(normalizeLabel(synonym), code);
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

export function lookUp(vocabulary: Vocabulary, text: string): string | null {
  return VOCABULARY_INDEX[vocabulary].get(normalizeLabel(text)) ?? null;
}

/** A row's values once checked: what the commit writes. */
export interface TraineeRecord {
  fullName: string;
  latinName: string | null;
  sex: Sex;
  profession: Profession;
  organizationId: string | null;
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
