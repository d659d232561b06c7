import { donorPeriod, donorPeriodsOf } from './donor-periods.js';

describe('the periods a donor may choose', () => {
  it('are a year, its quarters, and 1 January to the end of June and of September', () => {
    expect(donorPeriodsOf(2025).map((period) => `${period.from}…${period.to}`)).toEqual([
      '2025-01-01…2025-12-31',
      '2025-01-01…2025-06-30',
      '2025-01-01…2025-09-30',
      '2025-01-01…2025-03-31',
      '2025-04-01…2025-06-30',
      '2025-07-01…2025-09-30',
      '2025-10-01…2025-12-31',
    ]);
  });

  it('recognises those and nothing else', () => {
    expect(donorPeriod('2024-07-01', '2024-09-30')).toMatchObject({ kind: 'quarter', year: 2024, quarter: 3 });
    expect(donorPeriod('2024-01-01', '2024-06-30')).toMatchObject({ kind: 'year_to_date', quarter: 2 });
    for (const [from, to] of [
      ['2024-01-01', '2024-03-24'],
      ['2024-01-02', '2024-12-31'],
      ['2024-01-01', '2025-12-31'],
      ['2024-04-01', '2024-09-30'],
      ['not-a-date', '2024-12-31'],
    ]) {
      expect(donorPeriod(from, to)).toBeNull();
    }
  });
});
