import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { CountriesService } from './countries.service.js';
import { CountryResponseDto } from './dto/country.response.dto.js';

@ApiTags('countries')
@Controller('countries')
export class CountriesController {
  constructor(private readonly countries: CountriesService) {}

  @Get()
  @ApiOkResponse({ type: [CountryResponseDto] })
  async list(@RequestLocale() locale: Locale): Promise<CountryResponseDto[]> {
    const countries = await this.countries.list();
    return countries.map((country) => CountryResponseDto.from(country, locale));
  }
}
