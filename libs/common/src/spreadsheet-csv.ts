import type { Locale } from '@cascade/i18n';

/** How a spreadsheet set to the user's language reads a CSV file. */
export interface CsvConventions {
  delimiter: ',' | ';';
  decimal: '.' | ',';
}

/**
 * Excel takes its CSV separator from the system's list separator: a semicolon wherever the
 * decimal mark is a comma (Russian, Kyrgyz, Tajik, Ukrainian), so a comma-separated file opens
 * there in one column. English keeps the comma and the decimal point.
 */
export function csvConventions(locale: Locale): CsvConventions {
  return locale === 'en' ? { delimiter: ',', decimal: '.' } : { delimiter: ';', decimal: ',' };
}

/** A number as that spreadsheet reads it: a fraction with the locale's decimal mark, no grouping. */
export function csvNumber(value: number, conventions: CsvConventions): string {
  return String(value).replace('.', conventions.decimal);
}
