import { Indicator } from './indicators.js';
import { exact, type ReportCell, suppressed } from './suppression.js';

const count = (breakdownValue: string | null, actual: number, target: number | null = null): ReportCell => ({
  indicator: Indicator.CompletedIndividuals,
  total: breakdownValue === null,
  breakdownValue,
  actual,
  n: null,
  target,
});

const mean = (breakdownValue: string | null, actual: number | null, n: number): ReportCell => ({
  indicator: Indicator.MeanKnowledgeGain,
  total: breakdownValue === null,
  breakdownValue,
  actual,
  n,
  target: null,
});

describe('small-cell suppression', () => {
  it('shows a count from 1 to the threshold as ≤N, keeps zero and larger counts', () => {
    const shown = suppressed([count(null, 0), count(null, 3), count(null, 5), count(null, 6)], 5);
    expect(shown.map((c) => [c.actual, c.suppressed])).toEqual([
      [0, false],
      ['≤5', true],
      ['≤5', true],
      [6, false],
    ]);
  });

  it('hides the next-smallest non-zero cell when one hidden cell could be derived from the total', () => {
    const shown = suppressed(
      [count(null, 30, 40), count('female', 3), count('male', 12), count('not_recorded', 15), count('x', 0)],
      5,
    );
    expect(shown.map((c) => [c.breakdownValue, c.actual, c.suppressed])).toEqual([
      [null, 30, false],
      ['female', '≤5', true],
      ['male', null, true],
      ['not_recorded', 15, false],
      ['x', 0, false],
    ]);
    expect(shown[0].percentAchieved).toBe(75);
  });

  it('needs no second cell when two are hidden already, or when the total is hidden', () => {
    const two = suppressed([count(null, 20), count('a', 2), count('b', 4), count('c', 14)], 5);
    expect(two.map((c) => c.actual)).toEqual([20, '≤5', '≤5', 14]);
    const small = suppressed([count(null, 4), count('a', 4), count('b', 0)], 5);
    expect(small.map((c) => c.actual)).toEqual(['≤5', '≤5', 0]);
  });

  it('withholds a mean over too few people, and its percentage of target', () => {
    const shown = suppressed([mean(null, 12.5, 20), mean('female', 10, 4), mean('male', 13.1, 16)], 5);
    expect(shown.map((c) => [c.actual, c.n, c.suppressed])).toEqual([
      [12.5, 20, false],
      [null, '≤5', true],
      [null, null, true],
    ]);
  });

  it('shows everything to officers, with the percentage achieved to one decimal', () => {
    expect(exact([count(null, 2, 3)])[0]).toMatchObject({ actual: 2, percentAchieved: 66.7, suppressed: false });
  });
});
