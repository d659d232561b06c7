import type { Locale } from '@cascade/i18n';

import type { Country } from '../../modules/countries/country.entity.js';

/** A country's name in the page's language (English, then its code, when it has none). */
export function countryName(country: Pick<Country, 'code' | 'names'>, locale: Locale): string {
  return country.names[locale] ?? country.names.en ?? country.code;
}

/** Countries as a select's options, in the page's language. */
export function countryOptions(
  countries: readonly Pick<Country, 'code' | 'names'>[],
  locale: Locale,
): { code: string; name: string }[] {
  return countries.map((country) => ({ code: country.code, name: countryName(country, locale) }));
}
