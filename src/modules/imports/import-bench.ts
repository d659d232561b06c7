import { PassThrough } from 'node:stream';

import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';

import { requestContext } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { Profession, Sex } from '../reference/index.js';
import { columnLabel } from './import-columns.js';
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
    // The rows the registry may hold are new people, as an officer would answer after looking.
    const resolutions = report.rows
      .filter((row) => row.duplicates.length > 0)
      .map((row) => ({ row: row.row, choice: RowChoice.New }));
    const committed = await runner.commit(stored.id, options.actorId, undefined, { resolutions });
    return {
      importId: stored.id,
      rows: report.totalRows,
      result: committed.result as ImportResult,
      checkMs: checked - started,
      commitMs: performance.now() - checked,
    };
  });
}

const GIVEN = [
  ['Нурлан', 'Бакыт', 'Эрлан', 'Азамат', 'Тимур', 'Улан', 'Мирлан', 'Самат', 'Талант', 'Жоомарт'],
  ['Руслан', 'Эмиль', 'Данияр', 'Канат', 'Марат', 'Алмаз', 'Бекзат', 'Айбек', 'Нурбек', 'Санжар'],
].flat();
const GIVEN_FEMALE = [
  ['Айгерим', 'Гүлнара', 'Жылдыз', 'Нургүл', 'Асель', 'Айпери', 'Бурул', 'Динара', 'Элнура', 'Чолпон'],
  ['Мээрим', 'Салтанат', 'Айзада', 'Назира', 'Гүлзат', 'Жазгүл', 'Айнура', 'Бермет', 'Калыйса', 'Зарина'],
].flat();
const SURNAME_ROOTS = ['Асан', 'Бак', 'Жол', 'Кара', 'Мам', 'Нур', 'Ос', 'Сад', 'Тур', 'Ус', 'Чол', 'Эр', 'Абд'];
const SURNAME_ROOTS_2 = ['Бай', 'Дос', 'Жум', 'Ким', 'Мур', 'Сул', 'Тал', 'Өм', 'Ток', 'Кул', 'Шам', 'Ыс'];
const SURNAME_MIDDLES = ['бек', 'ал', 'ум', 'ан', 'ке', 'ды', 'ра', 'ло', 'ма', 'ту', 'ка', 'ба', 'жан', 'тай', 'кул'];
const SURNAME_ENDS = ['', 'ал', 'ер', 'ым', 'ак'];
const FATHERS = ['Асан', 'Бакир', 'Жусуп', 'Калыс', 'Мамат', 'Осмон', 'Садык', 'Токон', 'Усен', 'Эркин'];
const YEARS = 40;

/**
 * The `i`-th of the benchmark's people: a Kyrgyz-looking name (given name, a surname from syllables,
 * a patronymic), sex, birth year. Given name, surname and sex repeat every 75,000 people, each time
 * with another birth year, so a file of 100,000 names no person twice (no in-file duplicates), and
 * a second file from `first` = 100,000 holds namesakes of the first one's people, born years apart:
 * the registry's candidates have to be looked at and scored, and none is above the threshold.
 */
function benchPerson(i: number): { fullName: string; sex: Sex; birthYear: number } {
  const female = i % 2 === 1;
  const given = (female ? GIVEN_FEMALE : GIVEN)[Math.floor(i / 2) % 20];
  const n = Math.floor(i / 40);
  const roots = [...SURNAME_ROOTS, ...SURNAME_ROOTS_2];
  const surname = `${roots[n % 25]}${SURNAME_MIDDLES[Math.floor(n / 25) % 15]}${SURNAME_ENDS[Math.floor(n / 375) % 5]}`;
  const keys = 40 * 25 * 15 * 5;
  const father = FATHERS[Math.floor(i / keys / YEARS) % FATHERS.length];
  const patronymic = `${father}${female ? 'овна' : 'ович'}`;
  // A person's next namesake is born 7 years later (mod 40): never within a year of another.
  const birthYear = 1958 + ((Math.floor(i / keys) * 7) % YEARS);
  return {
    fullName: `${surname}${female ? 'ова' : 'ов'} ${given} ${patronymic}`,
    sex: female ? Sex.Female : Sex.Male,
    birthYear,
  };
}

/**
 * An XLSX of `rows` plausible trainees (Russian headers, date cells), the people `first` to
 * `first + rows - 1` of the benchmark's (see benchPerson), written with exceljs's streaming writer.
 */
export async function buildTraineesXlsx(rows: number, locale: Locale = 'ru', first = 0): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Trainees');
  const fields = ['full_name', 'sex', 'profession', 'birth_year', 'phone', 'consent_date'];
  sheet.addRow(fields.map((field) => columnLabel(locale, field))).commit();
  const professions = Object.values(Profession);
  for (let i = first; i < first + rows; i++) {
    const person = benchPerson(i);
    const row = sheet.addRow([
      person.fullName,
      person.sex,
      professions[i % professions.length],
      person.birthYear,
      `+996555${String(i % 1_000_000).padStart(6, '0')}`,
      new Date(Date.UTC(2024, i % 12, 1 + (i % 28))),
    ]);
    row.getCell(6).numFmt = 'dd.mm.yyyy';
    row.commit();
  }
  await workbook.commit();
  return Buffer.concat(chunks);
}
