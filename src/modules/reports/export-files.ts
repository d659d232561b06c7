import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

import { csvConventions, csvNumber, csvSafe } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import type { ProgressReportDto, ReportCascadeDto } from './dto/progress.dto.js';

type Cell = string | number | null;

const COLUMNS = ['indicator', 'actual', 'n', 'target', 'percent_achieved'] as const;

const header = (locale: Locale, column: string) => translate(locale, `reports.export.columns.${column}`);

export const CASCADE_MEASURES = ['trainers', 'events', 'trainees', 'certified'] as const;

/** The cascade as a table: a row per generation, one for all of them, each with its counts. */
export function cascadeTable(cascade: ReportCascadeDto, locale: Locale): { label: string; counts: Cell[] }[] {
  return [
    ...cascade.generations.map((row) => ({
      label: translate(locale, 'reports.cascade.generation', { generation: String(row.generation) }),
      counts: CASCADE_MEASURES.map((measure) => row[measure]),
    })),
    {
      label: translate(locale, 'reports.cascade.all_generations'),
      counts: CASCADE_MEASURES.map((measure) => cascade.total[measure]),
    },
  ];
}

/** A row's cells after its breakdown value: the indicator and its numbers, "≤5" kept as text. */
function cells(row: ProgressReportDto['rows'][number]): Cell[] {
  return [row.indicatorLabel, row.actual, row.n, row.target, row.percentAchieved];
}

/**
 * One CSV for every breakdown: a column naming the breakdown, one for its value, then the
 * indicator's numbers. UTF-8 with a byte-order mark, so Excel reads Cyrillic right; separated and
 * with decimals as a spreadsheet in the user's language reads them (csvConventions).
 */
export async function writeCsv(
  out: Writable,
  reports: ProgressReportDto[],
  cascade: ReportCascadeDto,
  locale: Locale,
): Promise<void> {
  function* records(): Generator<Cell[]> {
    yield [header(locale, 'breakdown'), header(locale, 'group'), ...COLUMNS.map((column) => header(locale, column))];
    for (const report of reports) {
      for (const row of report.rows) {
        yield [report.breakdownLabel, row.breakdownLabel, ...cells(row)].map(csvSafe);
      }
    }
    // The cascade after the breakdowns: its generations as groups, its counts as indicators.
    const title = translate(locale, 'reports.cascade.title');
    for (const { label, counts } of cascadeTable(cascade, locale)) {
      for (const [index, measure] of CASCADE_MEASURES.entries()) {
        yield [title, label, translate(locale, `reports.cascade.${measure}`), counts[index], null, null, null];
      }
    }
    const all = translate(locale, 'reports.cascade.all_generations');
    yield [title, all, translate(locale, 'reports.cascade.multiplier'), cascade.multiplier, null, null, null];
  }
  const conventions = csvConventions(locale);
  const spreadsheetCell = (cell: Cell) => (typeof cell === 'number' ? csvNumber(cell, conventions) : cell);
  function* spreadsheetRecords(): Generator<Cell[]> {
    for (const record of records()) yield record.map(spreadsheetCell);
  }
  await pipeline(Readable.from(spreadsheetRecords()), stringify({ bom: true, delimiter: conventions.delimiter }), out);
}

/** Excel refuses sheet names over 31 characters or with any of : \ / ? * [ ]. */
export function sheetName(label: string, used: Set<string>): string {
  const base = label.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${i}`;
  used.add(name.toLowerCase());
  return name;
}

/**
 * One sheet per breakdown, named in the locale, then one for the cascade, written row by row
 * (never held whole in memory).
 */
export async function writeXlsx(
  out: Writable,
  reports: ProgressReportDto[],
  cascade: ReportCascadeDto,
  locale: Locale,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const used = new Set<string>();
  for (const report of reports) {
    const sheet = workbook.addWorksheet(sheetName(report.breakdownLabel, used));
    const titles = [report.breakdownLabel, ...COLUMNS.map((column) => header(locale, column))];
    const top = sheet.addRow(titles);
    top.font = { bold: true };
    top.commit();
    for (const row of report.rows) sheet.addRow([row.breakdownLabel, ...cells(row)]).commit();
    sheet.commit();
  }
  const sheet = workbook.addWorksheet(sheetName(translate(locale, 'reports.cascade.title'), used));
  const top = sheet.addRow([
    translate(locale, 'reports.cascade.title'),
    ...CASCADE_MEASURES.map((measure) => translate(locale, `reports.cascade.${measure}`)),
  ]);
  top.font = { bold: true };
  top.commit();
  for (const { label, counts } of cascadeTable(cascade, locale)) sheet.addRow([label, ...counts]).commit();
  sheet.addRow([translate(locale, 'reports.cascade.multiplier'), cascade.multiplier]).commit();
  sheet.commit();
  await workbook.commit();
}
