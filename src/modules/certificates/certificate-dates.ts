/** The UTC day of a moment as YYYY-MM-DD. */
export const isoDay = (value: Date): string => value.toISOString().slice(0, 10);

/** `months` calendar months after a moment, on the same day or the month's last (31 Jan + 1 → 28/29 Feb). */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from);
  const day = from.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
