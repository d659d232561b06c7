import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import ExcelJS from 'exceljs';
import type pg from 'pg';

import { transliterate } from '@cascade/common';

import { columnLabel } from '../src/modules/imports/import-columns.js';
import { nameKeyOf } from '../src/modules/trainees/duplicates/name-key.js';
import type { ImportRun } from './import-child.js';
import { type BenchPerson, drawPerson, rewritePerson, seededRandom } from './people.js';
import { runImportChild } from './support.js';

/** Rows of the measured file, and the size the registry of IMPORT_COUNTRY is brought to before it. */
export const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
export const REGISTRY_SIZE = Number(process.env.BENCH_REGISTRY_SIZE ?? 100_000);
export const IMPORT_COUNTRY = 'KG';
/** The share of the measured file's rows that are registry people written another way. */
export const DUPLICATE_SHARE = 0.1;

export interface ImportFigures {
  registry: ImportRun;
  measured: ImportRun;
  /** Trainees of the country with a name key (duplicate candidates) when the measured file was imported. */
  registrySize: number;
  fileMb: number;
  /** Rows of the measured file that are registry people written another way, and how many the check flagged. */
  truePairs: number;
  flaggedRows: number;
}

/**
 * Gives the seeded trainees (the seed writes ten given names and eight surnames, in SQL) names
 * drawn from bench/names.ts, as their countries' registries hold them, with the name keys the app
 * keeps. Done once: a reused database keeps them.
 */
export async function nameSeededTrainees(client: pg.Client): Promise<void> {
  const random = seededRandom(14);
  let index = 0;
  for (;;) {
    const { rows } = await client.query<{ id: string; country_code: string }>(
      `SELECT id, country_code FROM trainees
        WHERE name_key IS NULL AND full_name IS NOT NULL AND consent_withdrawn_at IS NULL ORDER BY id LIMIT 5000`,
    );
    if (rows.length === 0) return;
    const people = rows.map((row) => drawPerson(row.country_code, random, index++));
    const keys = people.map((person) => nameKeyOf(person.fullName));
    await client.query(
      `UPDATE trainees t SET full_name = k.full_name, latin_name = k.latin_name, sex = k.sex::sex,
              name_key = k.name_key, patronymic_key = k.patronymic_key
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS k(id, full_name, latin_name, sex, name_key, patronymic_key)
        WHERE t.id = k.id`,
      [
        rows.map((row) => row.id),
        people.map((person) => person.fullName),
        people.map((person) => transliterate(person.fullName).slice(0, 200)),
        people.map((person) => person.sex),
        keys.map((key) => key.key),
        keys.map((key) => key.patronymic),
      ],
    );
  }
}

/** An XLSX of people (Russian headers, date cells), written with exceljs's streaming writer. */
async function peopleXlsx(people: readonly BenchPerson[]): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Trainees');
  const fields = ['full_name', 'sex', 'profession', 'birth_year', 'phone', 'consent_date'];
  sheet.addRow(fields.map((field) => columnLabel('ru', field))).commit();
  const professions = ['forensic_expert', 'psychiatrist'];
  people.forEach((person, i) => {
    const row = sheet.addRow([
      person.fullName,
      person.sex,
      professions[i % professions.length],
      person.birthYear,
      person.phone,
      new Date(Date.UTC(2024, i % 12, 1 + (i % 28))),
    ]);
    row.getCell(6).numFmt = 'dd.mm.yyyy';
    row.commit();
  });
  await workbook.commit();
  return Buffer.concat(chunks);
}

/**
 * The import: the registry of IMPORT_COUNTRY brought to REGISTRY_SIZE people by an import
 * of people drawn from bench/names.ts, then a file of IMPORT_ROWS people — DUPLICATE_SHARE of
 * them registry people written another way (bench/people.ts), the others new people drawn from the
 * same frequencies, many of them namesakes of registered people — imported with duplicate
 * detection against it. Each import runs in a child process (bench/import-child.ts). A reused
 * database loses the previous run's imported trainees first. `between` runs after the registry is
 * built and before the measured file goes in (the duplicate figures are measured on it there).
 */
export async function measureImport(
  client: pg.Client,
  databaseUrl: string,
  scratch: string,
  actorId: string,
  say: (line: string) => void,
  between: () => Promise<void> = () => Promise.resolve(),
): Promise<ImportFigures> {
  await client.query(
    `DELETE FROM duplicate_distinct_pairs d USING trainees t
      WHERE t.consent_recorded_by_id = $1 AND t.id IN (d.trainee_id, d.other_trainee_id)`,
    [actorId],
  );
  await client.query(`DELETE FROM trainees WHERE consent_recorded_by_id = $1`, [actorId]);
  await client.query(`DELETE FROM imports WHERE file_name = 'bench-import.xlsx'`);
  await nameSeededTrainees(client);
  await client.query(`ANALYZE trainees`);
  const count = async () =>
    Number(
      (
        await client.query<{ count: string }>(
          `SELECT count(*) FROM trainees WHERE country_code = $1 AND name_key IS NOT NULL`,
          [IMPORT_COUNTRY],
        )
      ).rows[0].count,
    );
  const run = async (label: string, people: BenchPerson[]) => {
    const path = join(scratch, `import-${label}.xlsx`);
    const content = await peopleXlsx(people);
    await writeFile(path, content);
    const result = await runImportChild<ImportRun>([databaseUrl, actorId, IMPORT_COUNTRY, path]);
    const seconds = (result.checkMs + result.commitMs) / 1000;
    say(
      `  ${label}: ${result.rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s ` +
        `(check ${(result.checkMs / 1000).toFixed(1)} s, commit ${(result.commitMs / 1000).toFixed(1)} s), ` +
        `${(result.rows / seconds).toFixed(0)} rows/s, peak RSS ${result.peakRssMb.toFixed(0)} MB, ` +
        `${result.registryDuplicateRows.toLocaleString('en')} rows with registry candidates`,
    );
    return { result, fileMb: content.length / 2 ** 20 };
  };
  const random = seededRandom(2026);
  const registryPeople = Array.from({ length: Math.max(1, REGISTRY_SIZE - (await count())) }, (_, i) =>
    drawPerson(IMPORT_COUNTRY, random, i),
  );
  const registry = await run('registry', registryPeople);
  await between();
  const registrySize = await count();
  let truePairs = 0;
  const measuredPeople = Array.from({ length: IMPORT_ROWS }, (_, i) => {
    if (random() >= DUPLICATE_SHARE) return drawPerson(IMPORT_COUNTRY, random, 1_000_000 + i);
    truePairs++;
    return rewritePerson(registryPeople[Math.floor(random() * registryPeople.length)], random);
  });
  const measured = await run('measured', measuredPeople);
  return {
    registry: registry.result,
    measured: measured.result,
    registrySize,
    fileMb: measured.fileMb,
    truePairs,
    flaggedRows: measured.result.registryDuplicateRows,
  };
}

export const importRowsPerSecond = (run: ImportRun): number => run.rows / ((run.checkMs + run.commitMs) / 1000);
