import { type Locale, translate } from '@cascade/i18n';

import type { PersonPlaces } from '../../modules/trainee-records/index.js';
import { personSummary } from '../layout/person-summary.js';

interface PairTrainee {
  profession: string;
  birthYear: number | null;
  organizationId: string | null;
  regionCode: string | null;
}

/**
 * A proposed pair as the queue shows it: who each person is (profession, organisation, region,
 * birth year, in words) and why the pair was proposed — the fields that agree and those that differ.
 */
export function queuePair<T extends PairTrainee>(
  pair: { score: number; matchingFields: string[]; conflictingFields: string[]; trainees: T[] },
  places: PersonPlaces[],
  locale: Locale,
) {
  const fields = (names: string[]) => names.map((f) => translate(locale, `web.duplicates.match_${f}`)).join(', ');
  return {
    ...pair,
    scorePercent: Math.round(pair.score * 100),
    agree: pair.matchingFields.length > 0 ? fields(pair.matchingFields) : null,
    differ: pair.conflictingFields.length > 0 ? fields(pair.conflictingFields) : null,
    trainees: pair.trainees.map((t, index) => ({ ...t, summary: personSummary(locale, t, places[index]) })),
  };
}

/** A merge form's value in words: an organisation or region by name, never its id or code. */
export function mergeValue(locale: Locale, field: string, value: string | number | null, places: PersonPlaces): string {
  if (value === null || value === '') return '—';
  if (field === 'sex' || field === 'profession') return translate(locale, `enums.${field}.${value}`);
  if (field === 'organizationId') return places.organizationName ?? '—';
  if (field === 'regionCode') return places.regionName ?? '—';
  return String(value);
}
