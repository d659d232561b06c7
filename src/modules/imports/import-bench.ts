import type { DataSource } from 'typeorm';

import { requestContext } from '@cascade/common';

import { CheckedRowBatches } from './import-checked-rows.js';
import { openImportFile } from './import-file.js';
import { type ImportResult, RowChoice } from './import-report.js';
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
): Promise<{
  importId: string;
  rows: number;
  registryDuplicateRows: number;
  result: ImportResult;
  checkMs: number;
  commitMs: number;
}> {
  const runner = new ImportRunner(dataSource);
  const target = { kind: ImportKind.Trainees, countryCode: options.countryCode, eventId: null };
  const upload = { fileName: options.fileName ?? 'bench.xlsx', content: options.content };
  return requestContext.run('bench', async () => {
    requestContext.setActor(options.actorId);
    const started = performance.now();
    const file = await openImportFile(upload.content, upload.fileName);
    const kept = new CheckedRowBatches();
    const report = await runner.check(file, target, undefined, kept);
    if (report.invalidRows > 0) throw new Error(`The file has ${report.invalidRows} rows with errors`);
    const stored = await runner.store(
      target,
      upload,
      file,
      options.actorId,
      { status: ImportStatus.Checked, report, rowCount: report.totalRows },
      kept,
    );
    const checked = performance.now();
    // The rows the registry may hold are new people, as an officer would answer after looking.
    const resolutions = report.rows
      .filter((row) => row.duplicates.length > 0)
      .map((row) => ({ row: row.row, choice: RowChoice.New }));
    // Past the report's first rows, rows nobody answered: new people, their pairs left to the queue.
    const committed = await runner.commit(stored.id, options.actorId, undefined, {
      resolutions,
      unansweredAsNew: true,
    });
    return {
      importId: stored.id,
      rows: report.totalRows,
      registryDuplicateRows: report.registryDuplicateRows,
      result: committed.result as ImportResult,
      checkMs: checked - started,
      commitMs: performance.now() - checked,
    };
  });
}
