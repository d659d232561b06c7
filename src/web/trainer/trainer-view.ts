import { formatDate, formatDateRange } from '@cascade/common';
import type { TranslationParams } from '@cascade/i18n';
import type { Locale } from '@cascade/i18n';

/** Today (or `offsetDays` from it) as YYYY-MM-DD, UTC. */
export function today(offsetDays = 0): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + offsetDays);
  return day.toISOString().slice(0, 10);
}

export const eventDates = (locale: Locale, start: string, end: string): string => formatDateRange(locale, start, end);

export const dateLabel = (locale: Locale, date: string): string => formatDate(locale, date);

/** A score typed in a form: blank is no score; otherwise a whole number from 0 to 100. */
export function parseScore(raw: string): { value: number | null; error?: { key: string; params?: TranslationParams } } {
  if (raw === '') return { value: null };
  if (!/^\d+$/.test(raw)) return { value: null, error: { key: 'validation.isInt' } };
  const value = Number(raw);
  if (value > 100) return { value: null, error: { key: 'validation.max', params: { max: 100 } } };
  return { value };
}
