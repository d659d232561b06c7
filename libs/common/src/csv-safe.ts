/**
 * A text cell Excel would take for a formula (=, +, -, @, tab, carriage return first) gets a leading
 * apostrophe: a region's name typed as "=HYPERLINK(...)" must stay text. Numbers are left alone.
 */
export function csvSafe<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
