import type { Locale } from '@cascade/i18n';

// Dates are calendar dates (an event's days, a report's period, a day of issue): formatted in UTC
// so the server's time zone never shifts them by a day.
const dateOf = (value: string | Date): Date => (typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value);

const longDate = (locale: Locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });

/** E.g. "12 мая 2025 г."; a YYYY-MM-DD string or a moment (its UTC day). */
export function formatDate(locale: Locale, value: string | Date): string {
  return longDate(locale).format(dateOf(value));
}

/** E.g. "12–15 мая 2025 г.", or one date when the range is a single day. */
export function formatDateRange(locale: Locale, start: string, end: string): string {
  return start === end ? formatDate(locale, start) : longDate(locale).formatRange(dateOf(start), dateOf(end));
}
