import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

import PDFDocument from 'pdfkit';

import { formatDate, formatDateRange, formatNumber, PDF_FONT, PDF_FONT_BOLD, registerDejaVu } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import type { ProgressReportDto, ReportCascadeDto } from './dto/progress.dto.js';
import { CASCADE_MEASURES, cascadeTable } from './export-files.js';
import { Breakdown, isCountIndicator } from './indicators.js';
import { cascadeChartSpec, chartSvg, drawSvg, PAGE_LAYOUT, targetsChartSpec } from './report-charts.js';
import { roundingBase } from './suppression.js';

/** Everything the PDF shows, already computed as its requester may see it and labelled in `locale`. */
export interface ProgressPdfContent {
  locale: Locale;
  countryName: string;
  from: string;
  to: string;
  generatedAt: Date;
  /** The small-cell threshold applied (donors); null when exact. */
  suppressionThreshold: number | null;
  reports: ProgressReportDto[];
  cascade: ReportCascadeDto;
}

type Value = number | string | null;

// A4 portrait, in points.
const MARGIN = 50;
const INK = '#1d2b3a';
const ACCENT = '#2c5d8a';
const MUTED = '#4a5563';
const RULE = '#c9d2dc';
const PAD = 3;

interface Column {
  header: string;
  width: number;
  numeric?: boolean;
}

/**
 * Writes the progress report as a PDF: a title block (country, period, date generated), a chart of
 * actual against target, a table per breakdown, the cascade with its chart. Charts are vega-lite
 * specs drawn to SVG on the server and placed with svg-to-pdfkit; all text is DejaVu Sans.
 */
export async function writePdf(out: Writable, content: ProgressPdfContent): Promise<void> {
  const { locale } = content;
  const t = (key: string, params?: Record<string, string>) => translate(locale, key, params);
  const numbers = { format: (value: number) => formatNumber(locale, value) };
  const show = (value: Value): string =>
    value === null ? '—' : typeof value === 'number' ? numbers.format(value) : value;

  // Charts first: they are the only asynchronous part.
  const totals = content.reports[0]?.rows.filter((row) => row.total) ?? [];
  const charted = totals
    .filter((row) => isCountIndicator(row.indicator))
    .map((row) => ({ label: row.indicatorLabel, actual: row.actual, target: row.target }));
  const targetsSvg = charted.length
    ? await chartSvg(
        targetsChartSpec(
          charted,
          { actual: t('reports.pdf.series_actual'), target: t('reports.pdf.series_target') },
          (n) => numbers.format(n),
          PAGE_LAYOUT,
        ),
      )
    : null;
  const generations = content.cascade.generations.map((row) => ({
    label: t('reports.cascade.generation', { generation: String(row.generation) }),
    trainees: row.trainees,
  }));
  const cascadeSvg = generations.length
    ? await chartSvg(
        cascadeChartSpec(generations, t('reports.cascade.trainees'), (n) => numbers.format(n), PAGE_LAYOUT),
      )
    : null;

  const title = t('reports.pdf.title');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: locale,
    displayTitle: true,
    info: { Title: `${title}: ${content.countryName}`, Producer: 'Cascade', CreationDate: content.generatedAt },
  });
  registerDejaVu(doc);
  const written = finished(doc.pipe(out));
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;

  const heading = (text: string) => {
    if (doc.y + 60 > bottom()) doc.addPage();
    doc.moveDown(1).font(PDF_FONT_BOLD).fontSize(14).fillColor(ACCENT).text(text, MARGIN, doc.y, { width });
    doc.moveDown(0.4);
  };

  /** Rows that do not fit go on a new page, under the header again. */
  const table = (columns: Column[], rows: { cells: Value[]; bold?: boolean }[]) => {
    const drawRow = (cells: string[], bold: boolean, header: boolean) => {
      doc.font(bold || header ? PDF_FONT_BOLD : PDF_FONT).fontSize(8.5);
      const height =
        Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i].width - 2 * PAD }))) + 2 * PAD;
      if (doc.y + height > bottom()) {
        doc.addPage();
        if (!header)
          drawRow(
            columns.map((column) => column.header),
            false,
            true,
          );
        doc.font(bold ? PDF_FONT_BOLD : PDF_FONT).fontSize(8.5);
      }
      const y = doc.y;
      if (header) doc.rect(MARGIN, y, width, height).fill('#eef2f6');
      let x = MARGIN;
      cells.forEach((cell, i) => {
        doc.fillColor(header ? ACCENT : INK).text(cell, x + PAD, y + PAD, {
          width: columns[i].width - 2 * PAD,
          align: columns[i].numeric ? 'right' : 'left',
        });
        x += columns[i].width;
      });
      doc
        .moveTo(MARGIN, y + height)
        .lineTo(MARGIN + width, y + height)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      doc.x = MARGIN;
      doc.y = y + height;
    };
    drawRow(
      columns.map((column) => column.header),
      false,
      true,
    );
    for (const row of rows) drawRow(row.cells.map(show), row.bold ?? false, false);
  };

  // The title block.
  doc.font(PDF_FONT_BOLD).fontSize(22).fillColor(ACCENT).text(title, { width });
  doc.moveDown(0.3).fontSize(16).fillColor(INK).text(content.countryName, { width });
  doc.moveDown(0.5).font(PDF_FONT).fontSize(11);
  doc.text(`${t('reports.pdf.country')}: ${content.countryName}`, { width });
  doc.text(`${t('reports.pdf.period')}: ${formatDateRange(locale, content.from, content.to)}`, { width });
  doc.text(t('reports.pdf.generated', { date: formatDate(locale, content.generatedAt) }), { width });
  if (content.suppressionThreshold !== null) {
    doc
      .moveDown(0.5)
      .fontSize(9)
      .fillColor(MUTED)
      .text(
        t('reports.pdf.suppression_note', {
          threshold: String(content.suppressionThreshold),
          base: String(roundingBase(content.suppressionThreshold)),
        }),
        { width },
      );
  }

  heading(t('reports.pdf.chart_targets'));
  if (targetsSvg) drawSvg(doc, targetsSvg, MARGIN, width);
  else doc.font(PDF_FONT).fontSize(10).fillColor(MUTED).text(t('reports.pdf.no_chart_data'), { width });

  const column = (key: string) => t(`reports.export.columns.${key}`);
  for (const report of content.reports) {
    heading(t('reports.pdf.breakdown_heading', { breakdown: report.breakdownLabel }));
    const grouped = report.breakdown !== Breakdown.None;
    const numeric = (key: string, share: number) => ({ header: column(key), width: width * share, numeric: true });
    const columns: Column[] = [
      ...(grouped ? [{ header: report.breakdownLabel, width: width * 0.17 }] : []),
      { header: column('indicator'), width: width * (grouped ? 0.33 : 0.5) },
      numeric('actual', 0.11),
      numeric('n', 0.15),
      numeric('target', 0.11),
      numeric('percent_achieved', 0.13),
    ];
    table(
      columns,
      report.rows.map((row) => ({
        cells: [
          ...(grouped ? [row.total ? t('reports.pdf.total') : row.breakdownLabel] : []),
          row.indicatorLabel,
          row.actual,
          row.n,
          row.target,
          row.percentAchieved,
        ],
        bold: grouped && row.total,
      })),
    );
  }

  heading(t('reports.cascade.title'));
  const cascadeColumns: Column[] = [
    { header: t('reports.cascade.title'), width: width * 0.24 },
    ...CASCADE_MEASURES.map((key) => ({
      header: t(`reports.cascade.${key}`),
      width: width * 0.19,
      numeric: true,
    })),
  ];
  const cascadeRows = cascadeTable(content.cascade, locale);
  table(
    cascadeColumns,
    cascadeRows.map((row, index) => ({ cells: [row.label, ...row.counts], bold: index === cascadeRows.length - 1 })),
  );
  const multiplier =
    content.cascade.multiplier === null
      ? content.cascade.multiplierWithheld
        ? t('reports.cascade.withheld')
        : '—'
      : numbers.format(content.cascade.multiplier);
  doc.moveDown(0.6).font(PDF_FONT_BOLD).fontSize(10).fillColor(INK);
  doc.text(`${t('reports.cascade.multiplier')}: ${multiplier}`, MARGIN, doc.y, { width });
  doc.moveDown(0.3).font(PDF_FONT).fontSize(8.5).fillColor(MUTED).text(t('reports.cascade.definition'), { width });
  heading(t('reports.pdf.chart_cascade'));
  if (cascadeSvg) drawSvg(doc, cascadeSvg, MARGIN, width);
  else doc.font(PDF_FONT).fontSize(10).fillColor(MUTED).text(t('reports.pdf.no_chart_data'), { width });

  // Page numbers, once the number of pages is known.
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    const page = t('reports.pdf.page', { page: String(i + 1), pages: String(pages.count) });
    // In the bottom margin: lifted for the footer, or pdfkit would start a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(PDF_FONT).fontSize(8).fillColor(MUTED);
    doc.text(page, MARGIN, doc.page.height - MARGIN + 15, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  await written;
}
