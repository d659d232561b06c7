import { type Indicator, isCountIndicator } from './indicators.js';

/** One computed row of a progress report, exact: what officers and admins see. */
export interface ReportCell {
  indicator: Indicator;
  /** The unbroken row of the indicator (its total over the period). */
  total: boolean;
  breakdownValue: string | null;
  /** A count, or a mean or rate (null when nobody is behind it). */
  actual: number | null;
  /** How many people a mean or rate is over; null for counts. */
  n: number | null;
  target: number | null;
}

/** A row as shown: suppressed counts read "≤N", withheld values null. */
export interface ShownCell extends Omit<ReportCell, 'actual' | 'n'> {
  actual: number | string | null;
  n: number | string | null;
  percentAchieved: number | null;
  suppressed: boolean;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export function percentAchieved(actual: number | null, target: number | null): number | null {
  return actual === null || target === null || target === 0 ? null : round1((actual / target) * 100);
}

/** Exact rows, as officers and admins see them. */
export function exact(cells: readonly ReportCell[]): ShownCell[] {
  return cells.map((cell) => ({
    ...cell,
    percentAchieved: percentAchieved(cell.actual, cell.target),
    suppressed: false,
  }));
}

/**
 * The base donors' counts are rounded to: twice the threshold (10 for 5). Every count a donor sees
 * is then 0, "≤threshold" or a multiple of the base, so adding or subtracting any of them gives 0
 * or at least the base, never 1..threshold; and each is within `threshold` of the truth.
 */
export const roundingBase = (threshold: number): number => 2 * threshold;

/** A count as shown: exact, "≤N" when small, null when withheld. */
export type ShownCount = number | string | null;

/**
 * A count as donors see it: 0 stays 0, 1..threshold reads "≤threshold", anything larger is
 * rounded to the nearest multiple of the base (halves up), so never to 0. The same true count
 * always shows the same, whichever answer it is part of.
 */
export function donorCount(value: number, threshold: number): number | string {
  if (value === 0) return 0;
  if (value <= threshold) return `≤${threshold}`;
  const base = roundingBase(threshold);
  return Math.round(value / base) * base;
}

/**
 * Rows as donors see them. Counts, and the n of each mean or rate, go through `donorCount`; a
 * mean or rate over at most `threshold` people is withheld (null). Since every number a donor
 * sees is a multiple of the base, no subtraction of two answers (nested periods, a breakdown's
 * cells against its total) lands on a count from 1 to the threshold, nor on a small n by which a
 * hidden mean could be worked out. The percentage of target is of the shown (rounded) value.
 */
export function suppressed(cells: readonly ReportCell[], threshold: number): ShownCell[] {
  return cells.map((cell): ShownCell => {
    if (isCountIndicator(cell.indicator)) {
      const actual = donorCount(cell.actual ?? 0, threshold);
      const hidden = typeof actual === 'string';
      return {
        ...cell,
        actual,
        percentAchieved: hidden ? null : percentAchieved(actual, cell.target),
        suppressed: hidden,
      };
    }
    const n = cell.n ?? 0;
    if (n <= threshold) {
      return { ...cell, actual: null, n: donorCount(n, threshold), percentAchieved: null, suppressed: true };
    }
    return {
      ...cell,
      n: donorCount(n, threshold),
      percentAchieved: percentAchieved(cell.actual, cell.target),
      suppressed: false,
    };
  });
}
