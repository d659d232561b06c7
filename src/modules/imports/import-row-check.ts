import { isEmail } from 'class-validator';

import { isLatinScript, latestToday } from '@cascade/common';

import type { AttendanceStatus } from '../attendance/index.js';
import { type Profession, Sex } from '../reference/index.js';
import { MIN_BIRTH_YEAR, type NameKey, nameKeyOf } from '../trainees/index.js';
import {
  cellText,
  hasLostLetters,
  looksLikeFormula,
  parseDate,
  parseNumber,
  phoneInE164,
  SERIAL_1900,
  titleCaseIfCapitals,
} from './import-cells.js';
import {
  type HeaderMatch,
  lookUp,
  normalizeLabel,
  sessionField,
  type TraineeRecord,
  type Vocabulary,
} from './import-columns.js';
import { findOrganization, findRegion, type OrganizationIndex, type RegionIndex } from './import-places.js';
import type { RowProblem } from './import-report.js';
import { ImportKind } from './registry-import.entity.js';

export interface RowContext {
  kind: ImportKind;
  header: HeaderMatch;
  /** The import's country: the default country of phone numbers written without one. */
  countryCode: string;
  regions: RegionIndex;
  organizations: OrganizationIndex;
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
  /** A text value as written, refused when a spreadsheet would run it as a formula. */
  const plainText = (field: string) => {
    const value = text(field);
    if (value !== null && looksLikeFormula(value)) {
      problem(field, 'formula_like');
      return null;
    }
    return value;
  };
  const name = (field: string) => {
    const value = plainText(field);
    if (value !== null && hasLostLetters(value)) problem(field, 'lost_letters');
    return value === null ? null : titleCaseIfCapitals(value);
  };

  const fullName = name('full_name');
  if (fullName === null) {
    if (text('full_name') === null) problem('full_name', 'isDefined');
  } else if (fullName.length < 2) problem('full_name', 'minLength', { min: 2, count: 2 });
  else if (fullName.length > 200) problem('full_name', 'maxLength', { max: 200, count: 200 });
  else if (/\p{Cc}/u.test(fullName)) problem('full_name', 'matches');

  const latinName = name('latin_name');
  if (latinName !== null && !isLatinScript(latinName)) problem('latin_name', 'latin_letters_only');
  else if (latinName !== null && latinName.length > 200) problem('latin_name', 'maxLength', { max: 200, count: 200 });

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
  const thisYear = Number(today.slice(0, 4));
  let birthYear = wholeNumber('birth_year', MIN_BIRTH_YEAR, thisYear);
  const fromDate = birthYearOfDate(raw.get('birth_date')?.value, thisYear);
  if (fromDate === false) problem('birth_date', 'birth_date_invalid', { min: MIN_BIRTH_YEAR });
  else if (fromDate !== null && birthYear !== null && fromDate !== birthYear) {
    problem('birth_date', 'birth_year_mismatch', { year: birthYear });
  } else if (fromDate !== null) birthYear = fromDate;

  let regionCode: string | null = null;
  const region = text('region');
  if (region !== null) {
    regionCode = findRegion(context.regions, region, normalizeLabel);
    if (regionCode === null) {
      problem('region', 'region_not_in_import_country', { example: context.regions.example ?? '—' });
    }
  }

  let organizationId: string | null = null;
  const organization = plainText('organization');
  if (organization !== null) {
    const found = findOrganization(context.organizations, organization);
    if (found.id !== null) organizationId = found.id;
    else if (found.closest.length > 0) {
      problem('organization', 'organization_unknown', { names: found.closest.map((n) => `«${n}»`).join(', ') });
    } else problem('organization', 'organization_unknown_none');
  }

  // "+996 …" is a phone number, not a formula; "=…" or "@…" is neither.
  let phone = text('phone');
  if (phone !== null && !phone.startsWith('+')) phone = plainText('phone');
  if (phone !== null) {
    const e164 = phoneInE164(phone, context.countryCode);
    if (e164 === null) problem('phone', 'phone_format');
    phone = e164;
  }
  let email = plainText('email');
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
      organizationId,
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

/**
 * The year of a birth date (a date cell, 31.12.1984, 1984-12-31, or the year alone); the date
 * itself is not kept — the registry records the year only. Null for an empty cell, false when
 * it is no date from MIN_BIRTH_YEAR to this year.
 */
function birthYearOfDate(value: unknown, thisYear: number): number | null | false {
  const text = cellText(value);
  if (text === null) return null;
  const year = /^\d{4}$/.test(text) ? Number(text) : Number(String(parseDate(value, SERIAL_1900)).slice(0, 4));
  return Number.isInteger(year) && year >= MIN_BIRTH_YEAR && year <= thisYear ? year : false;
}
