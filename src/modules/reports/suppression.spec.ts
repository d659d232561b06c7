import { Indicator } from './indicators.js';
import { donorCount, exact, type ReportCell, roundingBase, suppressed } from './suppression.js';

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

describe('donor disclosure control', () => {
  it('shows a count from 1 to the threshold as ≤N, keeps zero, and rounds larger counts to twice the threshold', () => {
    expect(roundingBase(5)).toBe(10);
    expect([0, 1, 5, 6, 9, 14, 15, 132, 135].map((value) => donorCount(value, 5))).toEqual([
      0,
      '≤5',
      '≤5',
      10,
      10,
      10,
      20,
      130,
      140,
    ]);
  });

  it('never lets two shown counts differ by 1 to the threshold', () => {
    const shown = Array.from({ length: 300 }, (_, value) => donorCount(value, 5)).filter(
      (value): value is number => typeof value === 'number',
    );
    for (const a of shown) {
      for (const b of shown) expect(Math.abs(a - b) === 0 || Math.abs(a - b) > 5).toBe(true);
    }
  });

  it('suppresses each row the same way whatever else is in the answer, with % of the shown value', () => {
    const shown = suppressed([count(null, 134, 200), count('female', 3), count('male', 131, 120), count('x', 0)], 5);
    expect(shown.map((c) => [c.breakdownValue, c.actual, c.suppressed, c.percentAchieved])).toEqual([
      [null, 130, false, 65],
      ['female', '≤5', true, null],
      ['male', 130, false, 108.3],
      ['x', 0, false, null],
    ]);
  });

  it('withholds a mean over too few people and rounds the n of the others', () => {
    const shown = suppressed(
      [mean(null, 12.5, 24), mean('female', 10, 4), mean('male', 13.1, 20), mean('x', null, 0)],
      5,
    );
    expect(shown.map((c) => [c.actual, c.n, c.suppressed])).toEqual([
      [12.5, 20, false],
      [null, '≤5', true],
      [13.1, 20, false],
      [null, 0, true],
    ]);
  });

  it('shows everything to officers, with the percentage achieved to one decimal', () => {
    expect(exact([count(null, 2, 3)])[0]).toMatchObject({ actual: 2, percentAchieved: 66.7, suppressed: false });
  });
});
