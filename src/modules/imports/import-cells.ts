import { parsePhoneNumberFromString } from 'libphonenumber-js';

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
/** Excel's serial of 1 Jan 1960: an earlier serial is no consent date anyone typed. */
export const SERIAL_1960 = 21_916;
/** Excel's serial of 1 Jan 1900: birth dates reach further back than consent dates. */
export const SERIAL_1900 = 2;

/**
 * A date as spreadsheets hold it: a date cell (exceljs gives a Date at UTC midnight), an Excel serial
 * number (45789), or text: 31.12.2024, 31/12/2024, 2024-12-31. Returns YYYY-MM-DD, null for an empty
 * cell and false for anything else. Serials before `earliestSerial` or after 2099 are not dates.
 */
export function parseDate(value: unknown, earliestSerial = SERIAL_1960): string | null | false {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? false : value.toISOString().slice(0, 10);
  const serial =
    typeof value === 'number' ? value : /^\d{5}(\.\d+)?$/.test(cellText(value) ?? '') ? Number(cellText(value)) : null;
  if (serial !== null) {
    if (serial < earliestSerial || serial > 73_050) return false;
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

/**
 * "?" or U+FFFD inside a name: a letter the file's encoding could not hold (Excel's "CSV" in
 * Windows-1251 turns ү, ө, ң, ғ, қ, ҳ, ҷ, ӣ, ӯ into "?"). The name is not what the person is called.
 */
export const hasLostLetters = (text: string) => /[?\uFFFD]/.test(text);

/**
 * A cell a spreadsheet would run as a formula when the data is exported again (`=HYPERLINK(…)`,
 * `=cmd|…`, `+…`, `-…`, `@…`): never a name or a text value.
 */
export const looksLikeFormula = (text: string) => /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(text.trimStart());

/** After an apostrophe, these Ukrainian letters continue the word (П'ятаченко), they start no new one. */
const CONTINUING_AFTER_APOSTROPHE = new Set(['я', 'ю', 'є', 'ї']);
const APOSTROPHES = new Set(["'", '’', 'ʼ', '‘', '`', 'ʻ']);

/**
 * A name typed in capitals, in title case: ИВАНОВА-ПЕТРОВА → Иванова-Петрова, О'НЕЙЛ → О'Нейл,
 * П'ЯТАЧЕНКО → П'ятаченко. A name with any small letter is kept as written (McDonald, ван Дейк).
 */
export function titleCaseIfCapitals(name: string): string {
  const letters = name.replace(/\P{L}/gu, '');
  if (letters.length < 2 || letters !== letters.toUpperCase() || letters === letters.toLowerCase()) return name;
  const chars = [...name.toLowerCase()];
  return chars
    .map((char, i) => {
      const before = chars[i - 1];
      const wordStart = i === 0 || /[\s\-‐.(]/.test(before);
      // O'Neill, Д'Артаньян: one letter, an apostrophe, then a new capital.
      const afterPrefix =
        before !== undefined &&
        APOSTROPHES.has(before) &&
        (i < 3 || !/\p{L}/u.test(chars[i - 3])) &&
        !CONTINUING_AFTER_APOSTROPHE.has(char);
      return wordStart || afterPrefix ? char.toUpperCase() : char;
    })
    .join('');
}

/**
 * A phone number in E.164 (+996555123456), read as people write it: "0555 123 456" or
 * "555 12-34-56" in the import's country, "+380 67 …" or "00992 …" anywhere. Null when it is no
 * valid number.
 */
export function phoneInE164(text: string, countryCode: string): string | null {
  const parsed = parsePhoneNumberFromString(text, countryCode as never);
  return parsed?.isValid() ? parsed.number : null;
}
