import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

import { HttpStatus } from '@nestjs/common';

import { AppException } from '@cascade/common';
import type { TranslationParams } from '@cascade/i18n';

import { ImportsErrorCode } from './imports-error-code.js';

/** A workbook may unpack to at most this much, in at most this many parts (zip bombs stop here). */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
export const MAX_ARCHIVE_ENTRIES = 500;
/**
 * The first sheet may hold at most this many XML elements, whatever its row markup (`<row/>`,
 * `<x:row>`): 300,000 rows of 12 filled cells. Past it the file is refused while it is unpacked.
 */
export const MAX_SHEET_ELEMENTS = 8_000_000;

const refuse = (code: ImportsErrorCode, params: TranslationParams = {}) =>
  new AppException(HttpStatus.BAD_REQUEST, code, params);

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
const isNotElement = (byte: number) => byte === 0x2f || byte === 0x3f || byte === 0x21;
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
      if (isNotElement(data[i + 1])) continue;
      this.elements++;
      if (isRowName(data, i + 1)) this.rows++;
    }
    if (this.elements > MAX_SHEET_ELEMENTS) {
      throw refuse(ImportsErrorCode.SheetTooLarge, { millions: MAX_SHEET_ELEMENTS / 1_000_000 });
    }
  }
}

const [R, O, W, COLON] = [0x72, 0x6f, 0x77, 0x3a];

/** The tag name at `start` is `row`, with or without a namespace prefix (read as bytes: this runs per element). */
function isRowName(data: Buffer, start: number): boolean {
  let name = start;
  for (let i = start; i < data.length && i - start < NAME_BYTES && !isNameEnd(data[i]); i++) {
    if (data[i] === COLON) name = i + 1;
  }
  return data[name] === R && data[name + 1] === O && data[name + 2] === W && isNameEnd(data[name + 3]);
}

/** Space, tab, line breaks, `>` and `/` end a tag's name. */
const isNameEnd = (byte: number) =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x3e || byte === 0x2f;
