/** The kinds of period a donor may choose; officers and admins choose any period. */
export enum DonorPeriodKind {
  Year = 'year',
  Quarter = 'quarter',
  /** 1 January to the end of its second or third quarter (the first is a quarter, the fourth a year). */
  YearToDate = 'year_to_date',
}

export interface DonorPeriod {
  kind: DonorPeriodKind;
  year: number;
  /** The quarter (1–4) of a quarter, or the quarter a year to date ends with. */
  quarter: number | null;
  from: string;
  to: string;
}

const QUARTER_ENDS = ['03-31', '06-30', '09-30', '12-31'] as const;
const QUARTER_STARTS = ['01-01', '04-01', '07-01', '10-01'] as const;

/**
 * The periods a donor may choose in a year: the year, its four quarters, and 1 January to the end
 * of June and of September. Each ends at a quarter's end, so any two are either disjoint or nested
 * along quarter boundaries: seven answers per year, not one per day.
 */
export function donorPeriodsOf(year: number): DonorPeriod[] {
  const quarters = QUARTER_STARTS.map((start, index): DonorPeriod => ({
    kind: DonorPeriodKind.Quarter,
    year,
    quarter: index + 1,
    from: `${year}-${start}`,
    to: `${year}-${QUARTER_ENDS[index]}`,
  }));
  const toDate = [2, 3].map((quarter): DonorPeriod => ({
    kind: DonorPeriodKind.YearToDate,
    year,
    quarter,
    from: `${year}-01-01`,
    to: `${year}-${QUARTER_ENDS[quarter - 1]}`,
  }));
  return [
    { kind: DonorPeriodKind.Year, year, quarter: null, from: `${year}-01-01`, to: `${year}-12-31` },
    ...toDate,
    ...quarters,
  ];
}

/** The donor period `from`–`to` is, or null when it is none of them. */
export function donorPeriod(from: string, to: string): DonorPeriod | null {
  const year = Number(from.slice(0, 4));
  if (!Number.isInteger(year)) return null;
  return donorPeriodsOf(year).find((period) => period.from === from && period.to === to) ?? null;
}
