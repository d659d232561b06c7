import { type Locale, translate } from '@cascade/i18n';

/** What tells two people of one name apart, in words: never an id or a code. */
export interface PersonSummary {
  profession: string;
  organization: string | null;
  region: string | null;
  birthYear: number | null;
  /** All of it on one line: "Forensic doctor · Bishkek Forensic Centre · Chüy Region · born 1985". */
  line: string;
}

/**
 * The person's profession, organisation, region and birth year, as the page shows them beside a
 * name wherever people are searched, chosen or compared (`include('/layout/person-summary', summary)`).
 * Names of places come from TraineeRecordsService.places().
 */
export function personSummary(
  locale: Locale,
  person: { profession: string; birthYear: number | null },
  places: { organizationName: string | null; regionName: string | null },
): PersonSummary {
  const profession = translate(locale, `enums.profession.${person.profession}`);
  const born = person.birthYear === null ? null : translate(locale, 'web.people.born', { year: person.birthYear });
  return {
    profession,
    organization: places.organizationName,
    region: places.regionName,
    birthYear: person.birthYear,
    line: [profession, places.organizationName, places.regionName, born].filter(Boolean).join(' · '),
  };
}
