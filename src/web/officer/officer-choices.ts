import { Injectable } from '@nestjs/common';

import type { AuthUser } from '@cascade/auth';
import { type Locale, SUPPORTED_LOCALES, translate } from '@cascade/i18n';

import { CountriesService } from '../../modules/countries/countries.service.js';
import { EventStatus } from '../../modules/events/training-event.entity.js';
import { ReferenceService } from '../../modules/reference/reference.service.js';
import { InstructionLanguage } from '../../modules/reference/vocabulary.js';
import { countryOptions } from '../layout/country-names.js';
import type { FormErrors } from '../layout/form-errors.js';

/** What a form sent back shows again: the messages by field and what was typed. */
export interface FormState {
  errors: FormErrors;
  typed: Record<string, string>;
}

export const noForm = (): FormState => ({ errors: {}, typed: {} });

/** A `?saved=` notice's text key, when the value is one of ours. */
export const savedNotice = (saved?: string): string | null =>
  saved && /^[a-z_]+$/.test(saved) ? `web.officer.saved_${saved}` : null;

/** The choices the officer's event forms offer, within the officer's countries. */
@Injectable()
export class OfficerChoices {
  constructor(
    private readonly countriesService: CountriesService,
    private readonly reference: ReferenceService,
  ) {}

  async countries(user: AuthUser, locale: Locale): Promise<{ code: string; name: string }[]> {
    return countryOptions(await this.countriesService.list(user), locale);
  }

  /** Regions of the user's countries (or of one country), grouped by country for the select. */
  async regions(
    user: AuthUser,
    locale: Locale,
    country?: string,
  ): Promise<{ code: string; name: string; regions: { code: string; name: string }[] }[]> {
    const countries = (await this.countries(user, locale)).filter((c) => !country || c.code === country);
    const regions = await this.reference.listRegions(user, country);
    return countries.map((c) => ({
      ...c,
      regions: regions
        .filter((r) => r.countryCode === c.code)
        .map((r) => ({ code: r.code, name: r.names[locale] ?? r.code })),
    }));
  }

  /** Names an event's place by the names of its region and country in the page's language. */
  async placeNamer(user: AuthUser, locale: Locale): Promise<PlaceNamer> {
    const countries = await this.regions(user, locale);
    const countryNames = new Map(countries.map((c) => [c.code, c.name]));
    const regionNames = new Map(countries.flatMap((c) => c.regions.map((r) => [r.code, r.name] as const)));
    return (venue, regionCode, countryCode) =>
      [venue, regionCode ? regionNames.get(regionCode) : null, countryNames.get(countryCode) ?? countryCode]
        .filter(Boolean)
        .join(', ');
  }
}

/** Where an event is held, in words: "venue, region, country" — never a code. */
export type PlaceNamer = (venue: string, regionCode: string | null, countryCode: string) => string;

/** Languages of instruction, each named in itself (they are the locales of the pages). */
export function languageOptions(): { value: InstructionLanguage; name: string; lang: string }[] {
  return Object.values(InstructionLanguage)
    .filter((value) => (SUPPORTED_LOCALES as readonly string[]).includes(value))
    .map((value) => ({ value, name: translate(value as Locale, 'web.language.name'), lang: value }));
}

export function statusOptions(locale: Locale): { value: string; label: string }[] {
  return Object.values(EventStatus).map((value) => ({
    value,
    label: translate(locale, `enums.event_status.${value}`),
  }));
}
