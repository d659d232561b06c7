import type { Locale } from '@cascade/i18n';

// Dates are calendar dates (an event's days, a report's period, a day of issue): formatted in UTC
// so the server's time zone never shifts them by a day.
const dateOf = (value: string | Date): Date => (typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value);

const longDate = (locale: Locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });

/**
 * Kyrgyz and Tajik, where CLDR's data is thin: ICU writes Tajik in English order ("Декабр 1 – 2,
 * 2026") and Kyrgyz one way for a date ("2026-ж., 20-апрель") and another for a range. These write
 * both in the language's own order: "20-апрель 2026-ж.", "1–2 декабри 2026".
 */
const MONTHS: Partial<Record<Locale, readonly string[]>> = {
  ky: [
    'январь',
    'февраль',
    'март',
    'апрель',
    'май',
    'июнь',
    'июль',
    'август',
    'сентябрь',
    'октябрь',
    'ноябрь',
    'декабрь',
  ],
  // The month after a day takes the izofat: "1 декабри".
  tg: [
    'январи',
    'феврали',
    'марти',
    'апрели',
    'майи',
    'июни',
    'июли',
    'августи',
    'сентябри',
    'октябри',
    'ноябри',
    'декабри',
  ],
};
/** The month named alone, above a calendar: "Декабрь 2026-ж.", "Декабр 2026". */
const MONTH_NAMES: Partial<Record<Locale, readonly string[]>> = {
  ky: [
    'Январь',
    'Февраль',
    'Март',
    'Апрель',
    'Май',
    'Июнь',
    'Июль',
    'Август',
    'Сентябрь',
    'Октябрь',
    'Ноябрь',
    'Декабрь',
  ],
  tg: ['Январ', 'Феврал', 'Март', 'Апрел', 'Май', 'Июн', 'Июл', 'Август', 'Сентябр', 'Октябр', 'Ноябр', 'Декабр'],
};

const yearOf = (locale: Locale, date: Date) => `${date.getUTCFullYear()}${locale === 'ky' ? '-ж.' : ''}`;
/** The day with its month: "20-апрель" in Kyrgyz, "20 апрели" in Tajik. */
const dayMonth = (locale: Locale, date: Date, months: readonly string[]) =>
  `${date.getUTCDate()}${locale === 'ky' ? '-' : ' '}${months[date.getUTCMonth()]}`;

/** E.g. "12 мая 2025 г.", "12-май 2025-ж.", "12 майи 2025"; a YYYY-MM-DD string or a moment (its UTC day). */
export function formatDate(locale: Locale, value: string | Date): string {
  const date = dateOf(value);
  const months = MONTHS[locale];
  if (months) return `${dayMonth(locale, date, months)} ${yearOf(locale, date)}`;
  return longDate(locale).format(date);
}

/** E.g. "12–15 мая 2025 г.", "1–2 декабри 2026", or one date when the range is a single day. */
export function formatDateRange(locale: Locale, start: string, end: string): string {
  if (start === end) return formatDate(locale, start);
  const months = MONTHS[locale];
  if (!months) return longDate(locale).formatRange(dateOf(start), dateOf(end));
  const [from, to] = [dateOf(start), dateOf(end)];
  if (from.getUTCFullYear() !== to.getUTCFullYear()) return `${formatDate(locale, from)} – ${formatDate(locale, to)}`;
  const year = yearOf(locale, to);
  if (from.getUTCMonth() !== to.getUTCMonth()) {
    return `${dayMonth(locale, from, months)} – ${dayMonth(locale, to, months)} ${year}`;
  }
  return `${from.getUTCDate()}–${dayMonth(locale, to, months)} ${year}`;
}

/** A month of a calendar: "May 2025", "Декабрь 2026-ж."; `month` is YYYY-MM. */
export function formatMonth(locale: Locale, month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  const names = MONTH_NAMES[locale];
  if (names) return `${names[date.getUTCMonth()]} ${yearOf(locale, date)}`;
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A number as every page, PDF and export shows it in the locale: "1 234,5" or "1,234.5". */
export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}
