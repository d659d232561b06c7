import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

import { type Locale, translate } from '@cascade/i18n';

import { columnLabel, fieldsOf, REQUIRED_FIELDS, sessionField, vocabularyLabels } from './import-columns.js';
import { ImportFormat, ImportKind } from './registry-import.entity.js';

export interface TemplateFile {
  content: Buffer;
  fileName: string;
  contentType: string;
}

const CONTENT_TYPES: Record<ImportFormat, string> = {
  [ImportFormat.Csv]: 'text/csv; charset=utf-8',
  [ImportFormat.Xlsx]: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The region example in hints: one of the locale's own country. */
const REGION_EXAMPLE: Record<Locale, string> = { en: 'KG-O', ru: 'KG-GB', ky: 'KG-O', tg: 'TJ-SU', uk: 'UA-46' };

/** The template's columns: the same labels the import matches headers against. */
export function templateFields(kind: ImportKind, sessions: number): string[] {
  const fields: string[] = [...fieldsOf(kind)];
  if (kind === ImportKind.EventRecords) for (let n = 1; n <= sessions; n++) fields.push(sessionField(n));
  return fields;
}

/** What a column accepts, for the template's second sheet. */
function hint(field: string, locale: Locale): string {
  if (field === 'sex') return vocabularyLabels('sex', locale);
  if (field === 'profession') return vocabularyLabels('profession', locale);
  if (field.startsWith('session_')) return vocabularyLabels('attendance_status', locale);
  if (field === 'consent_date') return translate(locale, 'imports.template.date_hint');
  if (field === 'region') return translate(locale, 'imports.template.region_hint', { example: REGION_EXAMPLE[locale] });
  if (field === 'pre_score' || field === 'post_score') return translate(locale, 'imports.template.score_hint');
  return '';
}

/**
 * An empty file with the header row in the locale. CSV: UTF-8 with a BOM and the separator Excel
 * uses in that locale (`;` where the decimal mark is a comma). XLSX: the header, and a second sheet
 * listing what each column accepts.
 */
export async function buildTemplate(
  kind: ImportKind,
  format: ImportFormat,
  locale: Locale,
  sessions: number,
): Promise<TemplateFile> {
  const fields = templateFields(kind, sessions);
  const headers = fields.map((field) => columnLabel(locale, field));
  const fileName = `cascade-${kind.replace('_', '-')}-${locale}.${format}`;
  if (format === ImportFormat.Csv) {
    const text = stringify([headers], { bom: true, delimiter: locale === 'en' ? ',' : ';' });
    return { content: Buffer.from(text, 'utf8'), fileName, contentType: CONTENT_TYPES[format] };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind === ImportKind.Trainees ? 'Trainees' : 'Event records');
  sheet.addRow(headers).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  fields.forEach((field, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = Math.max(14, headers[index].length + 4);
    // Dates typed as text stay text; cells formatted as dates become date cells either way.
    if (field === 'consent_date') column.numFmt = 'dd.mm.yyyy';
    if (field === 'phone') column.numFmt = '@';
  });
  const values = workbook.addWorksheet(translate(locale, 'imports.template.values_sheet').slice(0, 31));
  values.addRow([
    translate(locale, 'imports.template.column'),
    translate(locale, 'imports.template.required'),
    translate(locale, 'imports.template.values'),
  ]).font = { bold: true };
  fields.forEach((field, index) =>
    values.addRow([headers[index], REQUIRED_FIELDS.includes(field as never) ? '✓' : '', hint(field, locale)]),
  );
  values.getColumn(1).width = 32;
  values.getColumn(3).width = 90;
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return { content, fileName, contentType: CONTENT_TYPES[format] };
}
