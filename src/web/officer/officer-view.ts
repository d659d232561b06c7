import { formatMonth } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

/** The first and last day (YYYY-MM-DD) of a month given as YYYY-MM. */
export function monthBounds(month: string): { first: string; last: string } {
  const [year, monthNumber] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month before or after YYYY-MM. */
export function shiftMonth(month: string, by: number): string {
  const [year, monthNumber] = month.split('-').map(Number);
  const day = new Date(Date.UTC(year, monthNumber - 1 + by, 1));
  return day.toISOString().slice(0, 7);
}

export const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

export interface CalendarDay<T> {
  date: string;
  day: number;
  inMonth: boolean;
  items: T[];
}

/**
 * A month as weeks of seven days, Monday first (as calendars are read in Central Asia and
 * Ukraine), with the days of the months around it to fill the first and last week; each day holds
 * the items running on it (an item spans `start` to `end`, both included).
 */
export function monthGrid<T extends { startDate: string; endDate: string }>(
  month: string,
  items: readonly T[],
): CalendarDay<T>[][] {
  const { first, last } = monthBounds(month);
  const start = new Date(`${first}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const weeks: CalendarDay<T>[][] = [];
  const day = start;
  while (weeks.length === 0 || day.toISOString().slice(0, 10) <= last) {
    const week: CalendarDay<T>[] = [];
    for (let i = 0; i < 7; i++) {
      const date = day.toISOString().slice(0, 10);
      week.push({
        date,
        day: day.getUTCDate(),
        inMonth: date.slice(0, 7) === month,
        items: items.filter((item) => item.startDate <= date && item.endDate >= date),
      });
      day.setUTCDate(day.getUTCDate() + 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/** Weekday names, Monday first, short, in the locale. */
export function weekdayNames(locale: string): { short: string; long: string }[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const date = new Date(Date.UTC(2024, 0, 1 + i));
    return {
      short: new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(date),
      long: new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(date),
    };
  });
}

/** "May 2025" in the locale. */
export function monthLabel(locale: Locale, month: string): string {
  return formatMonth(locale, month);
}
