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
 * The cell to hide besides those hidden already, when exactly one non-zero part is hidden while the
 * total is shown: the next-smallest non-zero part (else the hidden one is the total minus the rest).
 */
function complementOf<T>(total: T | undefined, parts: readonly T[], hidden: ReadonlySet<T>, size: (cell: T) => number) {
  if (!total || hidden.has(total)) return undefined;
  if (parts.filter((part) => hidden.has(part) && size(part) > 0).length !== 1) return undefined;
  return parts.filter((part) => !hidden.has(part) && size(part) > 0).sort((a, b) => size(a) - size(b))[0];
}

/**
 * Rows as donors see them. A count from 1 to `threshold` shows as "≤threshold" (zero stays 0);
 * a mean or rate over at most `threshold` people is withheld (null). Where exactly one cell of an
 * indicator's breakdown is hidden while its total is shown, the hidden cell could be worked out
 * from the total, so the next-smallest non-zero cell is hidden too (complementary suppression).
 * A hidden cell never shows its percentage of target, which would give its value away.
 */
export function suppressed(cells: readonly ReportCell[], threshold: number): ShownCell[] {
  const size = (cell: ReportCell) => (isCountIndicator(cell.indicator) ? (cell.actual ?? 0) : (cell.n ?? 0));
  const primary = (cell: ReportCell) =>
    isCountIndicator(cell.indicator) ? size(cell) >= 1 && size(cell) <= threshold : size(cell) <= threshold;

  const hidden = new Set<ReportCell>(cells.filter(primary));
  const complementary = new Set<ReportCell>();
  const indicators = [...new Set(cells.map((cell) => cell.indicator))];
  for (const indicator of indicators) {
    const total = cells.find((cell) => cell.indicator === indicator && cell.total);
    const breakdown = cells.filter((cell) => cell.indicator === indicator && !cell.total);
    const next = complementOf(total, breakdown, hidden, size);
    if (next) {
      hidden.add(next);
      complementary.add(next);
    }
  }

  const small = `≤${threshold}`;
  return cells.map((cell): ShownCell => {
    if (!hidden.has(cell)) {
      return { ...cell, percentAchieved: percentAchieved(cell.actual, cell.target), suppressed: false };
    }
    if (complementary.has(cell)) {
      return { ...cell, actual: null, n: null, percentAchieved: null, suppressed: true };
    }
    if (isCountIndicator(cell.indicator)) {
      return { ...cell, actual: small, percentAchieved: null, suppressed: true };
    }
    const n = cell.n ?? 0;
    return { ...cell, actual: null, n: n === 0 ? 0 : small, percentAchieved: null, suppressed: true };
  });
}

/** A count as shown: exact, "≤N" when small, null when hidden so that another cannot be derived. */
export type ShownCount = number | string | null;

/**
 * A total and the counts it is made of (e.g. the cascade's generations), as donors see them: the
 * same small-cell and complementary rule as the report's rows.
 */
export function suppressedCounts(
  total: number,
  parts: readonly number[],
  threshold: number,
): { total: ShownCount; parts: ShownCount[] } {
  const [head, ...rest] = [total, ...parts].map((value) => ({ value }));
  const hidden = new Set([head, ...rest].filter((cell) => cell.value >= 1 && cell.value <= threshold));
  const complementary = complementOf(head, rest, hidden, (cell) => cell.value);
  const shown = (cell: { value: number }): ShownCount =>
    cell === complementary ? null : hidden.has(cell) ? `≤${threshold}` : cell.value;
  return { total: shown(head), parts: rest.map(shown) };
}
