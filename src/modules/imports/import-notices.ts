import { type Locale, translate } from '@cascade/i18n';

import type { ImportReport } from './import-report.js';

/**
 * What the officer reads first in a dry run's report, before any row: the columns the import did
 * not read, and that a birth-date column gave the year alone (the dates are not kept).
 */
export function reportNotices(report: ImportReport, locale: Locale): string[] {
  const notices: string[] = [];
  if (report.ignoredColumns.length > 0) {
    const columns = report.ignoredColumns.map((column) => `«${column}»`).join(', ');
    notices.push(translate(locale, 'imports.report.ignored_columns', { columns }));
  }
  const birthDate = report.columns.find((column) => column.field === 'birth_date');
  if (birthDate) {
    notices.push(translate(locale, 'imports.report.birth_date_year_only', { column: `«${birthDate.column}»` }));
  }
  return notices;
}
