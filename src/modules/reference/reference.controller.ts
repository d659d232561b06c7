import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { RequestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import {
  CreateOrganizationDto,
  CreateRegionDto,
  ListOrganizationsQueryDto,
  ListRegionsQueryDto,
  OrganizationPageDto,
  OrganizationResponseDto,
  RegionResponseDto,
  UpdateOrganizationDto,
} from './dto/reference.dto.js';
import type { Organization } from './organization.entity.js';
import { ReferenceService } from './reference.service.js';

const organizationDto = (organization: Organization, locale: Locale) =>
  OrganizationResponseDto.from(organization, translate(locale, `enums.organization_type.${organization.type}`));

@ApiTags('reference data')
@ApiBearerAuth()
@Controller()
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @Get('regions')
  @RequirePermission(Permission.ReferenceRead)
  @ApiOkResponse({ type: [RegionResponseDto] })
  async regions(
    @CurrentUser() user: AuthUser,
    @Query() query: ListRegionsQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<RegionResponseDto[]> {
    const regions = await this.reference.listRegions(user, query.country);
    return regions.map((region) => RegionResponseDto.from(region, locale));
  }

  @Post('regions')
  @RequirePermission(Permission.ReferenceManage)
  @ApiCreatedResponse({ type: RegionResponseDto })
  async createRegion(@Body() dto: CreateRegionDto, @RequestLocale() locale: Locale): Promise<RegionResponseDto> {
    return RegionResponseDto.from(await this.reference.createRegion(dto), locale);
  }

  @Get('organizations')
  @RequirePermission(Permission.ReferenceRead)
  @ApiOkResponse({ type: OrganizationPageDto })
  async organizations(
    @CurrentUser() user: AuthUser,
    @Query() query: ListOrganizationsQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<OrganizationPageDto> {
    const page = await this.reference.listOrganizations(user, query);
    return { ...page, items: page.items.map((organization) => organizationDto(organization, locale)) };
  }

  @Get('organizations/:id')
  @RequirePermission(Permission.ReferenceRead)
  @ApiOkResponse({ type: OrganizationResponseDto })
  async organization(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @RequestLocale() locale: Locale,
  ): Promise<OrganizationResponseDto> {
    return organizationDto(await this.reference.getOrganization(user, id), locale);
  }

  @Post('organizations')
  @RequirePermission(Permission.OrganizationsManage)
  @ApiCreatedResponse({ type: OrganizationResponseDto })
  async createOrganization(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateOrganizationDto,
    @RequestLocale() locale: Locale,
  ): Promise<OrganizationResponseDto> {
    return organizationDto(await this.reference.createOrganization(user, dto), locale);
  }

  @Patch('organizations/:id')
  @RequirePermission(Permission.OrganizationsManage)
  @ApiOkResponse({ type: OrganizationResponseDto })
  async updateOrganization(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateOrganizationDto,
    @RequestLocale() locale: Locale,
  ): Promise<OrganizationResponseDto> {
    return organizationDto(await this.reference.updateOrganization(user, id, dto), locale);
  }
}
