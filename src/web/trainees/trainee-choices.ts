import { Injectable } from '@nestjs/common';

import type { AuthUser } from '@cascade/auth';
import type { Locale } from '@cascade/i18n';

import { CountriesService } from '../../modules/countries/index.js';
import { ListCoursesQueryDto } from '../../modules/courses/dto/list-courses-query.dto.js';
import { CoursesService, localized, type LocalizedText } from '../../modules/courses/index.js';
import { ListOrganizationsQueryDto } from '../../modules/reference/dto/reference.dto.js';
import { ReferenceService } from '../../modules/reference/index.js';
import { countryOptions } from '../layout/country-names.js';

/** The choices of the trainee pages' filters and form, within the officer's countries. */
@Injectable()
export class TraineeChoices {
  constructor(
    private readonly countriesService: CountriesService,
    private readonly reference: ReferenceService,
    private readonly coursesService: CoursesService,
  ) {}

  async countries(user: AuthUser, locale: Locale): Promise<{ code: string; name: string }[]> {
    return countryOptions(await this.countriesService.list(user), locale);
  }

  /** Regions named in the page's language, each with its country (a filter spans countries). */
  async regions(user: AuthUser, locale: Locale, country?: string): Promise<{ value: string; label: string }[]> {
    const names = new Map((await this.countries(user, locale)).map((c) => [c.code, c.name]));
    return (await this.reference.listRegions(user, country)).map((region) => ({
      value: region.code,
      label: country
        ? localized(region.names, locale)
        : `${localized(region.names, locale)} (${names.get(region.countryCode) ?? region.countryCode})`,
    }));
  }

  /** Organisations by name, at most the first hundred (a filter, not a directory). */
  async organizations(user: AuthUser, country?: string): Promise<{ value: string; label: string }[]> {
    const query = Object.assign(new ListOrganizationsQueryDto(), { page: 1, limit: 100, country });
    return (await this.reference.listOrganizations(user, query)).items.map((o) => ({ value: o.id, label: o.name }));
  }

  async courses(): Promise<{ id: string; titles: LocalizedText }[]> {
    const query = Object.assign(new ListCoursesQueryDto(), { page: 1, limit: 100 });
    return (await this.coursesService.list(query)).items;
  }
}
