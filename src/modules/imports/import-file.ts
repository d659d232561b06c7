import { Readable } from 'node:stream';

import { HttpStatus } from '@nestjs/common';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

import { AppException } from '@cascade/common';
import type { TranslationParams } from '@cascade/i18n';

import { cellText } from './import-cells.js';
import { inspectWorkbook } from './import-workbook-size.js';
import { ImportsErrorCode } from './imports-error-code.js';
import { ImportFormat } from './registry-import.entity.js';

/** At most this many columns are read: a header wider than this is not a table of people. */
export const MAX_COLUMNS = 100;
/** A sheet larger than either of these is read by a job, however few rows it claims. */
const REQUEST_SHEET_BYTES = 16 * 1024 * 1024;
const REQUEST_SHEET_ELEMENTS = 400_000;
/** The longest CSV record read: a "row" longer than this is not one. */
const MAX_RECORD_CHARS = 64 * 1024;

/** One row of the sheet: its number as the spreadsheet shows it, and its cells from the first column. */
export interface SheetRow {
  number: number;
  cells: unknown[];
}

export interface OpenedFile {
  format: ImportFormat;
  /** CSV only: utf-8, utf-8 (BOM), utf-16le, windows-1251, koi8-r or cp866. */
  encoding: string | null;
  /** CSV only: the separator found in the header line. */
  separator: string | null;
  /** Data rows, counted cheaply before parsing (lines, or the sheet's row elements). */
  estimatedRows: number;
  /** XLSX: the sheet unpacks to more than a request should parse, whatever its rows: a job reads it. */
  needsJob: boolean;
  /** The first sheet's rows, header first, read as a stream. */
  rows(): AsyncGenerator<SheetRow>;
}

const refuse = (code: ImportsErrorCode, params: TranslationParams = {}) =>
  new AppException(HttpStatus.BAD_REQUEST, code, params);

/**
 * Decides what the file is from its name and checks its content says the same: an .xlsx must be a
 * zip with a workbook inside (unpacking to a bounded size), a .csv must be text. Nothing of the
 * data is read yet.
 */
export async function openImportFile(content: Buffer, fileName: string): Promise<OpenedFile> {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (extension === 'xlsx') return openXlsx(content);
  if (extension === 'csv' || extension === 'txt') return openCsv(content);
  if (extension === 'xls') throw refuse(ImportsErrorCode.XlsNotSupported);
  throw refuse(ImportsErrorCode.FileTypeUnsupported, { name: fileName.slice(0, 100) });
}

// ---- CSV ----------------------------------------------------------------------------------------

function openCsv(content: Buffer): OpenedFile {
  const { text, encoding } = decodeText(content);
  const { separator, columns } = headerShape(text);
  if (columns > MAX_COLUMNS) throw refuse(ImportsErrorCode.TooManyColumns, { count: columns, max: MAX_COLUMNS });
  const lines = text.split('\n').filter((line) => line.trim() !== '').length;
  return {
    format: ImportFormat.Csv,
    encoding,
    separator,
    estimatedRows: Math.max(lines - 1, 0),
    needsJob: false,
    rows: () => csvRows(text, separator),
  };
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 with its BOM, else Windows-1251. */
export function decodeText(content: Buffer): { text: string; encoding: string } {
  if (content[0] === 0xff && content[1] === 0xfe) {
    return { text: iconv.decode(content.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  }
  // A zip, an image or any binary renamed .csv: text files hold no NUL bytes.
  if (content.includes(0) || content.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    throw refuse(ImportsErrorCode.NotText);
  }
  const bom = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf;
  const body = bom ? content.subarray(3) : content;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    const encoding = likeliestCyrillicEncoding(body);
    return { text: iconv.decode(body, encoding), encoding };
  }
}

/** The 8-bit encodings Cyrillic files come in: Excel's on Windows first, then Unix mail's and DOS's. */
const CYRILLIC_ENCODINGS = ['windows-1251', 'koi8-r', 'cp866'] as const;
const SAMPLE_BYTES = 64 * 1024;

/**
 * Which 8-bit encoding a file that is not UTF-8 is in: the one under which its first bytes read as
 * the most small Cyrillic letters (text is mostly small letters; the wrong table gives capitals,
 * box drawing or symbols). Windows-1251 when none reads better.
 */
function likeliestCyrillicEncoding(body: Buffer): (typeof CYRILLIC_ENCODINGS)[number] {
  const sample = body.subarray(0, SAMPLE_BYTES);
  let best: (typeof CYRILLIC_ENCODINGS)[number] = CYRILLIC_ENCODINGS[0];
  let bestScore = -1;
  for (const encoding of CYRILLIC_ENCODINGS) {
    const score = iconv.decode(sample, encoding).match(/[а-яёіїєґүөңғқҳҷӣӯ]/g)?.length ?? 0;
    if (score > bestScore) [best, bestScore] = [encoding, score];
  }
  return best;
}

/** The separator the header uses most, outside quotes: `;` (Excel in most of our locales), `,` or tab. */
export function detectSeparator(text: string): string {
  return headerShape(text).separator;
}

/** Lines looked at for the separator: the header may sit below a title (HEADER_SEARCH_ROWS). */
const SHAPE_LINES = 10;

/**
 * The separator and how many columns it makes, from the first lines (a 1,000,000-column header is
 * refused before parsing): the separator some line uses most, a title line above the header aside.
 */
function headerShape(text: string): { separator: string; columns: number } {
  const most = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  const counts = new Map(most);
  let quoted = false;
  let lines = 0;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n') {
      for (const [separator, count] of counts) most.set(separator, Math.max(most.get(separator) ?? 0, count));
      for (const separator of counts.keys()) counts.set(separator, 0);
      if (++lines >= SHAPE_LINES) break;
    } else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  for (const [separator, count] of counts) most.set(separator, Math.max(most.get(separator) ?? 0, count));
  let best = ',';
  for (const [separator, count] of most) if (count > (most.get(best) ?? 0)) best = separator;
  return { separator: best, columns: (most.get(best) ?? 0) + 1 };
}

async function* csvRows(text: string, separator: string): AsyncGenerator<SheetRow> {
  const parser = Readable.from([text]).pipe(
    parseCsv({
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      info: true,
    }),
  );
  let header = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header) {
        assertColumnCount(record);
        header = false;
      }
      yield { number: info.lines, cells: record.length > MAX_COLUMNS ? record.slice(0, MAX_COLUMNS) : record };
    }
  } catch (error) {
    if (error instanceof AppException) throw error;
    const line = (error as { lines?: number }).lines ?? 0;
    throw refuse(ImportsErrorCode.CsvUnreadable, { line });
  }
}

function assertColumnCount(header: unknown[]): void {
  const count = header.filter((cell) => cellText(cell) !== null).length;
  if (count > MAX_COLUMNS) throw refuse(ImportsErrorCode.TooManyColumns, { count, max: MAX_COLUMNS });
}

// ---- XLSX ---------------------------------------------------------------------------------------

async function openXlsx(content: Buffer): Promise<OpenedFile> {
  if (!content.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) throw refuse(ImportsErrorCode.NotXlsx);
  const sheet = await inspectWorkbook(content);
  return {
    format: ImportFormat.Xlsx,
    encoding: null,
    separator: null,
    estimatedRows: Math.max(sheet.rows - 1, 0),
    needsJob: sheet.bytes > REQUEST_SHEET_BYTES || sheet.elements > REQUEST_SHEET_ELEMENTS,
    rows: () => xlsxRows(content),
  };
}

/** Excel's column letters: 1 → A, 28 → AB. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * The first sheet, row by row, through exceljs's streaming reader (memory stays flat however many
 * rows). Formulas are refused: their cached result may be stale, and a formula is not a record.
 */
async function* xlsxRows(content: Buffer): AsyncGenerator<SheetRow> {
  const input = Readable.from([content]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let first = true;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        if (first) {
          assertColumnCount(values.slice(1, MAX_COLUMNS * 10));
          first = false;
        }
        // Each row as wide as it is: a title row above the header is one cell wide.
        const width = Math.min(values.length - 1, MAX_COLUMNS);
        const cells: unknown[] = [];
        for (let column = 1; column <= width; column++) {
          const value = values[column];
          if (isFormula(value)) {
            throw refuse(ImportsErrorCode.FormulaRefused, { cell: `${columnLetter(column)}${row.number}` });
          }
          cells.push(value);
        }
        yield { number: row.number, cells };
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof AppException) throw error;
    throw refuse(ImportsErrorCode.XlsxUnreadable);
  } finally {
    input.destroy();
  }
}

function isFormula(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
}
