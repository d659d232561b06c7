import { formatDateRange, formatNumber } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { type DonorPeriod, DonorPeriodKind, donorPeriodsOf } from '../../modules/reports/donor-periods.js';
import type { ProgressReportDto } from '../../modules/reports/dto/progress.dto.js';
import { Breakdown, isCountIndicator } from '../../modules/reports/indicators.js';
import { cascadeChart, type ReportChart, targetsChart } from './chart-view.js';

export type { ReportChart } from './chart-view.js';

/** Today's year from 1 January to 31 December: the period a report page opens with. */
export function currentYear(): { from: string; to: string } {
  const year = new Date().getUTCFullYear();
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * The report's charts: each count indicator's total against its target, and the trainees each
 * cascade generation reached. A count a donor sees as "≤5" is drawn as such, never left out.
 */
export async function reportCharts(report: ProgressReportDto, locale: Locale): Promise<ReportChart[]> {
  const t = (key: string) => translate(locale, key);
  const totals = report.rows.filter((row) => row.total && isCountIndicator(row.indicator));
  const charts: ReportChart[] = [];
  if (totals.length > 0) {
    const rows = totals.map((row) => ({ label: row.indicatorLabel, actual: row.actual, target: row.target }));
    charts.push(await targetsChart(locale, 'chart-targets', t('reports.pdf.chart_targets'), rows));
  }
  const generations = report.cascade.generations;
  if (generations.length > 0) {
    const rows = generations.map((g) => ({
      label: translate(locale, 'reports.cascade.generation', { generation: g.generation }),
      trainees: g.trainees,
    }));
    charts.push(await cascadeChart(locale, 'chart-cascade', t('reports.pdf.chart_cascade'), rows));
  }
  return charts;
}

/** A cell as the table shows it: a number in the page's language, "≤5" as it is, a dash when withheld. */
export function cell(locale: Locale, value: number | string | null): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  return formatNumber(locale, value);
}

/** The breakdowns a role may choose on a report page, with their labels. */
export function breakdownChoices(locale: Locale, allowed: readonly Breakdown[]) {
  return allowed.map((value) => ({ value, label: translate(locale, `enums.breakdown.${value}`) }));
}

/** How many years back a donor's period picker goes, the current one included. */
const DONOR_PICKER_YEARS = 5;

/**
 * The periods a donor may choose, newest year first, each year's periods grouped: the year, 1
 * January to the end of June and of September, then its quarters. An option's value is
 * `from_to`, which `periodForm` splits back.
 */
export function donorPeriodChoices(locale: Locale) {
  const latest = new Date().getUTCFullYear();
  return Array.from({ length: DONOR_PICKER_YEARS }, (_, index) => latest - index).map((year) => ({
    label: String(year),
    periods: donorPeriodsOf(year).map((period) => ({
      value: `${period.from}_${period.to}`,
      label: periodLabel(locale, period),
    })),
  }));
}

function periodLabel(locale: Locale, period: DonorPeriod): string {
  switch (period.kind) {
    case DonorPeriodKind.Year:
      return String(period.year);
    case DonorPeriodKind.Quarter:
      return translate(locale, 'web.report.period_quarter', {
        quarter: String(period.quarter),
        year: String(period.year),
      });
    case DonorPeriodKind.YearToDate:
      return formatDateRange(locale, period.from, period.to);
  }
}

export const ALL_BREAKDOWNS: readonly Breakdown[] = Object.values(Breakdown);
