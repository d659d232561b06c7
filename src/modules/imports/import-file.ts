import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

import { HttpStatus } from '@nestjs/common';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

import { AppException } from '@cascade/common';
import type { TranslationParams } from '@cascade/i18n';

import { cellText } from './import-cells.js';
import { ImportsErrorCode } from './imports-error-code.js';
import { ImportFormat } from './registry-import.entity.js';

/** At most this many columns are read: a header wider than this is not a table of people. */
export const MAX_COLUMNS = 100;
/** A workbook may unpack to at most this much, in at most this many parts (zip bombs stop here). */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
export const MAX_ARCHIVE_ENTRIES = 500;
/**
 * The first sheet may hold at most this many XML elements, whatever its row markup (`<row/>`,
 * `<x:row>`): 300,000 rows of 25 filled cells. Past it the file is refused while it is unpacked.
 */
export const MAX_SHEET_ELEMENTS = 16_000_000;
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
  /** CSV only: utf-8, utf-8 (BOM), utf-16le or windows-1251. */
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
    return { text: iconv.decode(body, 'win1251'), encoding: 'windows-1251' };
  }
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

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** What unpacking a part found: its bytes, and for the first sheet its elements and row elements. */
export interface SheetSize {
  bytes: number;
  elements: number;
  rows: number;
}

/**
 * Reads the zip's directory and unpacks every part once, counting bytes, before exceljs sees the
 * file: a workbook with too many parts, or one that unpacks to more than MAX_UNPACKED_BYTES (whatever
 * its headers claim), or whose first sheet has more than MAX_SHEET_ELEMENTS elements, is refused
 * as soon as the bound is passed. Gives the first sheet's size.
 */
export async function inspectWorkbook(content: Buffer): Promise<SheetSize> {
  const entries = zipEntries(content);
  const names = new Set(entries.map((entry) => entry.name));
  if (!names.has('xl/workbook.xml') || !names.has('[Content_Types].xml')) throw refuse(ImportsErrorCode.NotXlsx);
  const firstSheet = [...names].filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name)).sort(bySheetNumber)[0];
  let budget = MAX_UNPACKED_BYTES;
  let sheet: SheetSize = { bytes: 0, elements: 0, rows: 0 };
  for (const entry of entries) {
    const counted = await unpackedSize(content, entry, budget, entry.name === firstSheet);
    budget -= counted.bytes;
    if (entry.name === firstSheet) sheet = counted;
  }
  return sheet;
}

const bySheetNumber = (a: string, b: string) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]);

function tooLarge() {
  return refuse(ImportsErrorCode.ArchiveTooLarge, {
    limit: MAX_UNPACKED_BYTES / 1024 / 1024,
    entries: MAX_ARCHIVE_ENTRIES,
  });
}

function zipEntries(content: Buffer): ZipEntry[] {
  // The end-of-directory record is in the last 64 KiB + 22 bytes (after an optional comment).
  let end = -1;
  for (let i = content.length - 22; i >= Math.max(0, content.length - 65_557); i--) {
    if (content.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw refuse(ImportsErrorCode.NotXlsx);
  const count = content.readUInt16LE(end + 10);
  let offset = content.readUInt32LE(end + 16);
  if (count > MAX_ARCHIVE_ENTRIES) throw tooLarge();
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== 0x02014b50) {
      throw refuse(ImportsErrorCode.NotXlsx);
    }
    const nameLength = content.readUInt16LE(offset + 28);
    const extraLength = content.readUInt16LE(offset + 30);
    const commentLength = content.readUInt16LE(offset + 32);
    entries.push({
      method: content.readUInt16LE(offset + 10),
      compressedSize: content.readUInt32LE(offset + 20),
      localHeaderOffset: content.readUInt32LE(offset + 42),
      name: content.toString('utf8', offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function unpackedSize(content: Buffer, entry: ZipEntry, budget: number, isSheet: boolean): Promise<SheetSize> {
  const header = entry.localHeaderOffset;
  if (header + 30 > content.length || content.readUInt32LE(header) !== 0x04034b50) {
    throw refuse(ImportsErrorCode.NotXlsx);
  }
  const start = header + 30 + content.readUInt16LE(header + 26) + content.readUInt16LE(header + 28);
  const data = content.subarray(start, start + entry.compressedSize);
  const tags = new TagCounter();
  if (entry.method === 0) {
    if (data.length > budget) throw tooLarge();
    if (isSheet) tags.add(data);
    return { bytes: data.length, ...tags.finish() };
  }
  if (entry.method !== 8) throw refuse(ImportsErrorCode.NotXlsx);
  const inflater = createInflateRaw();
  let bytes = 0;
  try {
    for await (const chunk of Readable.from([data]).pipe(inflater) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > budget) throw tooLarge();
      if (isSheet) tags.add(chunk);
    }
  } catch (error) {
    inflater.destroy();
    if (error instanceof AppException) throw error;
    throw refuse(ImportsErrorCode.XlsxUnreadable);
  }
  return { bytes, ...tags.finish() };
}

const LESS_THAN = 0x3c;
/** `/`, `?`, `!` after `<`: a closing tag, a declaration or a comment, not an element. */
const NOT_ELEMENT = new Set([0x2f, 0x3f, 0x21]);
/** Longer than any tag name worth reading: `<x:row ` fits many times over. */
const NAME_BYTES = 24;

/**
 * Counts a sheet's elements and row elements as it is unpacked, in bytes (no text is made of it),
 * whatever the markup: `<row>`, `<row r="2">`, `<row/>` and `<x:row>` are all rows. Refuses the
 * sheet once it passes MAX_SHEET_ELEMENTS.
 */
class TagCounter {
  private elements = 0;
  private rows = 0;
  /** The end of the last chunk when a tag's name may continue in the next. */
  private tail: Buffer = Buffer.alloc(0);

  add(chunk: Buffer): void {
    const data = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const last = data.lastIndexOf(LESS_THAN);
    const end = last >= 0 && last > data.length - NAME_BYTES ? last : data.length;
    this.tail = end < data.length ? Buffer.from(data.subarray(end)) : Buffer.alloc(0);
    this.scan(data, end);
  }

  finish(): { elements: number; rows: number } {
    this.scan(this.tail, this.tail.length);
    this.tail = Buffer.alloc(0);
    return { elements: this.elements, rows: this.rows };
  }

  private scan(data: Buffer, end: number): void {
    for (let i = data.indexOf(LESS_THAN); i >= 0 && i < end; i = data.indexOf(LESS_THAN, i + 1)) {
      if (NOT_ELEMENT.has(data[i + 1])) continue;
      this.elements++;
      if (isRowName(data, i + 1)) this.rows++;
    }
    if (this.elements > MAX_SHEET_ELEMENTS) {
      throw refuse(ImportsErrorCode.SheetTooLarge, { millions: MAX_SHEET_ELEMENTS / 1_000_000 });
    }
  }
}

/** The tag name at `start` is `row`, with or without a namespace prefix. */
function isRowName(data: Buffer, start: number): boolean {
  let end = start;
  while (end < data.length && end - start < NAME_BYTES && !isNameEnd(data[end])) end++;
  const name = data.toString('latin1', start, end);
  return name === 'row' || name.endsWith(':row');
}

/** Space, tab, line breaks, `>` and `/` end a tag's name. */
const isNameEnd = (byte: number) =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x3e || byte === 0x2f;

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
