import { type Locale, translate } from '@cascade/i18n';

import { AttendanceStatus } from './attendance-mark.entity.js';

/** Looked up once per locale: every roster answer names a status for each of its rows. */
const labelsByLocale = new Map<Locale, { byStatus: Map<string, string>; json: string }>();

function labelsFor(locale: Locale) {
  let labels = labelsByLocale.get(locale);
  if (!labels) {
    const byStatus = new Map(
      Object.values(AttendanceStatus).map((status) => [status, translate(locale, `enums.attendance_status.${status}`)]),
    );
    labels = { byStatus, json: JSON.stringify(Object.fromEntries(byStatus)) };
    labelsByLocale.set(locale, labels);
  }
  return labels;
}

export function statusLabel(locale: Locale, status: string): string {
  return labelsFor(locale).byStatus.get(status) ?? status;
}

/** Every status's label as a JSON object, for the roster statement to write into its answer. */
export function statusLabelsJson(locale: Locale): string {
  return labelsFor(locale).json;
}
