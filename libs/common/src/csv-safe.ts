/**
 * A text cell Excel would take for a formula (=, +, -, @, tab, carriage return first) gets a leading
 * apostrophe: a region's name typed as "=HYPERLINK(...)" must stay text. Numbers are left alone.
 */
export function csvSafe<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * csvSafe in SQL, for CSV that PostgreSQL writes itself (COPY … TO STDOUT): the text expression
 * with a leading apostrophe when its first character is one Excel would run. The expression is
 * written twice, so pass a column or another cheap expression.
 */
export function csvSafeSql(expression: string): string {
  // ascii() reads the first character's code without making a new string: cheap on a million rows.
  return `CASE WHEN ascii(${expression}) IN (61, 43, 45, 64, 9, 13) THEN '''' || ${expression} ELSE ${expression} END`;
}
