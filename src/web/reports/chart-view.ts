import { formatNumber } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { cascadeChartSpec, type ChartCount, chartSvg, targetsChartSpec } from '../../modules/reports/report-charts.js';
import { escapeXml } from '../officer/escape-xml.js';

export interface ReportChart {
  id: string;
  title: string;
  /** The SVG drawn on the server, named and described for screen readers: inlined as it is. */
  svg: string;
}

/** A count as the description reads it ("label: value", the same in every language): "≤5" as it is, a dash when withheld. */
function spoken(locale: Locale, value: number | string | null): string {
  if (value === null) return '—';
  return typeof value === 'number' ? formatNumber(locale, value) : value;
}

/**
 * Makes a chart's SVG an image for screen readers in the page's language: role="img", named by
 * its <title> and described by a <desc> the app writes (each bar's label and value), instead of
 * vega's English axis texts, which the chart config switches off.
 */
function accessibleSvg(svg: string, id: string, title: string, description: string): string {
  return svg.replace(
    /^<svg([^>]*)>/,
    (_, attributes: string) =>
      `<svg${attributes} role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" focusable="false">` +
      `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>`,
  );
}

/** Each indicator's value beside its target (the suppressed drawn as "≤5"), for a page. */
export async function targetsChart(
  locale: Locale,
  id: string,
  title: string,
  rows: ChartCount[],
): Promise<ReportChart> {
  const t = (key: string, params?: Record<string, string>) => translate(locale, key, params);
  const spec = targetsChartSpec(
    rows,
    { actual: t('reports.pdf.series_actual'), target: t('reports.pdf.series_target') },
    (n) => formatNumber(locale, n),
  );
  const description = rows
    .map((row) =>
      row.target === null
        ? `${row.label}: ${spoken(locale, row.actual)}`
        : t('web.chart.value_of_target', {
            label: row.label,
            value: spoken(locale, row.actual),
            target: spoken(locale, row.target),
          }),
    )
    .join('; ');
  return { id, title, svg: accessibleSvg(await chartSvg(spec), id, title, description) };
}

/** The trainees each cascade generation reached, for a page. */
export async function cascadeChart(
  locale: Locale,
  id: string,
  title: string,
  rows: { label: string; trainees: number | string | null }[],
): Promise<ReportChart> {
  const axis = translate(locale, 'reports.cascade.trainees');
  const spec = cascadeChartSpec(rows, axis, (n) => formatNumber(locale, n));
  const description = rows.map((row) => `${row.label}: ${spoken(locale, row.trainees)}`).join('; ');
  return { id, title, svg: accessibleSvg(await chartSvg(spec), id, title, description) };
}
