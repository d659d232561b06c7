import { isDateOnly } from '@cascade/common';

/**
 * Dates and times as people type them on the pages, read the same whatever the browser's language
 * (a date picker would follow the browser: an English browser asks for mm/dd/yyyy on a Kyrgyz page).
 *
 * Every language of the app writes the day first, 05.03.2027: Russian, Kyrgyz, Tajik and Ukrainian
 * by their own rules, and English too, because the app's English readers work in Central Asia and
 * Ukraine, not the United States. So 05.03.2027 is 5 March on every page, never May 3. The API keeps
 * YYYY-MM-DD, and the pages take it too (links, bookmarks, the API's own examples).
 */

// Day, month and year apart by a dot, slash, dash or spaces: 5.3.2027, 05/03/2027, 05 03 2027.
const DAY_FIRST = /^(\d{1,2})(?:\s*[./-]\s*|\s+)(\d{1,2})(?:\s*[./-]\s*|\s+)(\d{4})$/;
// 05032027: a phone's digits-only keypad has no dot.
const DAY_FIRST_DIGITS = /^(\d{2})(\d{2})(\d{4})$/;
const YEAR_FIRST = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
// 9:30, 09.30, 9 30, 0930, 930 (the hour's digits, then two of minutes), or a whole hour: 9.
const CLOCK = /^(\d{1,2})(?:(?:\s*[:.]\s*|\s+)?(\d{2}))?$/;

const pad = (part: string) => part.padStart(2, '0');

/**
 * A typed date as YYYY-MM-DD for the API's DTO. What is not a real day in either order (31.02.2027,
 * 2027-13-01, a two-digit year, words) is given back as typed, so the DTO refuses it by field.
 */
export function entryDate(typed: string): string {
  const text = typed.trim();
  const dayFirst = DAY_FIRST.exec(text) ?? DAY_FIRST_DIGITS.exec(text);
  const yearFirst = dayFirst ? null : YEAR_FIRST.exec(text);
  const date = dayFirst
    ? `${dayFirst[3]}-${pad(dayFirst[2])}-${pad(dayFirst[1])}`
    : yearFirst
      ? `${yearFirst[1]}-${pad(yearFirst[2])}-${pad(yearFirst[3])}`
      : '';
  return isDateOnly(date) ? date : typed;
}

/**
 * A typed time of day, 24-hour, as HH:MM: for the DTO and as the field shows it again. What is no time
 * of day (24:00, 9:75, text) is given back as typed.
 */
export function entryTime(typed: string): string {
  const match = CLOCK.exec(typed.trim());
  if (!match) return typed;
  const [, hour, minutes = '00'] = match;
  return Number(hour) <= 23 && Number(minutes) <= 59 ? `${pad(hour)}:${minutes}` : typed;
}

/**
 * A date as the field shows it: DD.MM.YYYY, from YYYY-MM-DD or anything `entryDate` reads; what it
 * cannot read (a refused entry) stays as typed, for the person to correct.
 */
export function dateForEntry(value: string): string {
  const date = entryDate(value);
  if (!isDateOnly(date)) return value;
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}
