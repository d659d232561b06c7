import { type Locale, translate } from '@cascade/i18n';

import type { ProgressReportDto, ProgressRowDto } from './dto/progress.dto.js';
import { Breakdown } from './indicators.js';
import type { ProgressReport } from './reports.service.js';

/** The label of a breakdown value: a year or quarter as it is, anything else from the locale or the region's names. */
function valueLabel(breakdown: Breakdown, row: ProgressReport['rows'][number], locale: Locale): string | null {
  const value = row.breakdownValue;
  if (value === null) return null;
  if (value === 'not_recorded' && breakdown !== Breakdown.Sex) return translate(locale, 'reports.not_recorded');
  switch (breakdown) {
    case Breakdown.Region:
      return row.regionNames?.[locale] ?? row.regionNames?.en ?? value;
    case Breakdown.Sex:
    case Breakdown.Profession:
    case Breakdown.OrganizationType:
      return translate(locale, `enums.${breakdown}.${value}`);
    default:
      return value;
  }
}

/** The report as the API answers it and as exports write it: every code with its label in `locale`. */
export function reportDto(report: ProgressReport, locale: Locale): ProgressReportDto {
  return {
    country: report.country,
    from: report.from,
    to: report.to,
    breakdown: report.breakdown,
    breakdownLabel: translate(locale, `enums.breakdown.${report.breakdown}`),
    suppressionThreshold: report.suppressionThreshold,
    roundingBase: report.roundingBase,
    rows: report.rows.map((row): ProgressRowDto => ({
      indicator: row.indicator,
      indicatorLabel: translate(locale, `enums.indicator.${row.indicator}`),
      breakdownApplies: row.breakdownApplies,
      total: row.total,
      breakdownValue: row.breakdownValue,
      breakdownLabel: valueLabel(report.breakdown, row, locale),
      actual: row.actual,
      n: row.n,
      target: row.target,
      percentAchieved: row.percentAchieved,
      suppressed: row.suppressed,
    })),
    cascade: report.cascade,
  };
}
