import type { Locale } from '@cascade/i18n';

// Dates are calendar dates (an event's days, the day of issue): formatted in UTC so the
// server's time zone never shifts them by a day.
const dateOf = (value: string | Date): Date => (typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value);

const longDate = (locale: Locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });

/** E.g. "12 мая 2025 г."; a YYYY-MM-DD string or a moment (its UTC day). */
export function formatDate(locale: Locale, value: string | Date): string {
  return longDate(locale).format(dateOf(value));
}

/** E.g. "12–15 мая 2025 г.", or one date when the event lasted a day. */
export function formatDateRange(locale: Locale, start: string, end: string): string {
  return start === end ? formatDate(locale, start) : longDate(locale).formatRange(dateOf(start), dateOf(end));
}

/** The UTC day of a moment as YYYY-MM-DD. */
export const isoDay = (value: Date): string => value.toISOString().slice(0, 10);

/** `months` calendar months after a moment, on the same day or the month's last (31 Jan + 1 → 28/29 Feb). */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from);
  const day = from.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
