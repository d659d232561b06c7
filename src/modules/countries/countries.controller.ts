import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { CountriesService } from './countries.service.js';
import { CountryResponseDto } from './dto/country.response.dto.js';
import { CountryCodeParamDto } from './dto/country-code.param.dto.js';
import { CreateCountryDto } from './dto/create-country.dto.js';

@ApiTags('countries')
@ApiBearerAuth()
@Controller('countries')
export class CountriesController {
  constructor(private readonly countries: CountriesService) {}

  @Get()
  @RequirePermission(Permission.CountriesRead)
  @ApiOkResponse({ type: [CountryResponseDto] })
  async list(@CurrentUser() user: AuthUser, @RequestLocale() locale: Locale): Promise<CountryResponseDto[]> {
    const countries = await this.countries.list(user);
    return countries.map((country) => CountryResponseDto.from(country, locale));
  }

  @Get(':code')
  @RequirePermission(Permission.CountriesRead)
  @ApiOkResponse({ type: CountryResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown, or outside your countries' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param() params: CountryCodeParamDto,
    @RequestLocale() locale: Locale,
  ): Promise<CountryResponseDto> {
    return CountryResponseDto.from(await this.countries.get(user, params.code), locale);
  }

  @Post()
  @RequirePermission(Permission.CountriesManage)
  @ApiCreatedResponse({ type: CountryResponseDto })
  async create(@Body() dto: CreateCountryDto, @RequestLocale() locale: Locale): Promise<CountryResponseDto> {
    return CountryResponseDto.from(await this.countries.create(dto), locale);
  }
}
