import { PassThrough } from 'node:stream';

import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';

import { requestContext } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { Profession, Sex } from '../reference/vocabulary.js';
import { columnLabel } from './import-columns.js';
import { openImportFile } from './import-file.js';
import type { ImportResult } from './import-report.js';
import { ImportRunner } from './import-runner.js';
import { ImportKind, ImportStatus } from './registry-import.entity.js';

/**
 * The benchmark's hook: one XLSX file imported end to end as the API and the worker would do it,
 * without HTTP or a queue — opened and guarded, checked (the dry run), stored in `imports`, and
 * committed in one transaction. Throws if the file has errors.
 */
export async function importXlsxEndToEnd(
  dataSource: DataSource,
  options: { actorId: string; countryCode: string; content: Buffer; fileName?: string },
): Promise<{ importId: string; rows: number; result: ImportResult; checkMs: number; commitMs: number }> {
  const runner = new ImportRunner(dataSource);
  const target = { kind: ImportKind.Trainees, countryCode: options.countryCode, eventId: null };
  const upload = { fileName: options.fileName ?? 'bench.xlsx', content: options.content };
  return requestContext.run('bench', async () => {
    requestContext.setActor(options.actorId);
    const started = performance.now();
    const file = await openImportFile(upload.content, upload.fileName);
    const report = await runner.check(file, target);
    if (report.invalidRows > 0) throw new Error(`The file has ${report.invalidRows} rows with errors`);
    const stored = await runner.store(target, upload, file, options.actorId, {
      status: ImportStatus.Checked,
      report,
      rowCount: report.totalRows,
    });
    const checked = performance.now();
    const committed = await runner.commit(stored.id, options.actorId);
    return {
      importId: stored.id,
      rows: report.totalRows,
      result: committed.result as ImportResult,
      checkMs: checked - started,
      commitMs: performance.now() - checked,
    };
  });
}

/** An XLSX of `rows` plausible trainees (Russian headers, date cells), written with exceljs's streaming writer. */
export async function buildTraineesXlsx(rows: number, locale: Locale = 'ru'): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Trainees');
  const fields = ['full_name', 'sex', 'profession', 'birth_year', 'phone', 'consent_date'];
  sheet.addRow(fields.map((field) => columnLabel(locale, field))).commit();
  const professions = Object.values(Profession);
  for (let i = 0; i < rows; i++) {
    const row = sheet.addRow([
      `Участник ${i} Тестович`,
      i % 2 === 0 ? Sex.Female : Sex.Male,
      professions[i % professions.length],
      1960 + (i % 40),
      `+996555${String(i % 1_000_000).padStart(6, '0')}`,
      new Date(Date.UTC(2024, i % 12, 1 + (i % 28))),
    ]);
    row.getCell(6).numFmt = 'dd.mm.yyyy';
    row.commit();
  }
  await workbook.commit();
  return Buffer.concat(chunks);
}
