import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';

import { assertCanAccess, type AuthUser, countryScope, inCountryScope, Permission } from '@cascade/auth';
import {
  AppException,
  applySort,
  CommonErrorCode,
  containsPattern,
  invalidField,
  type Page,
  pageOf,
} from '@cascade/common';

import { Country } from '../countries/index.js';
import type {
  CreateOrganizationDto,
  CreateRegionDto,
  ListOrganizationsQueryDto,
  UpdateOrganizationDto,
} from './dto/reference.dto.js';
import { Organization } from './organization.entity.js';
import { ReferenceErrorCode } from './reference-error-code.js';
import { Region } from './region.entity.js';

/** Regions and organisations: the places and employers trainees and events belong to. */
@Injectable()
export class ReferenceService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listRegions(user: AuthUser, country?: string): Promise<Region[]> {
    const scope = countryScope(user);
    const codes = scope === null ? (country ? [country] : null) : scope.filter((c) => !country || c === country);
    return this.dataSource
      .getRepository(Region)
      .find({ where: codes === null ? {} : { countryCode: In(codes) }, order: { countryCode: 'ASC', code: 'ASC' } });
  }

  async createRegion(dto: CreateRegionDto): Promise<Region> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Country, { code: dto.countryCode }))) {
        throw invalidField('countryCode', 'unknown_country', { codes: dto.countryCode });
      }
      if (await manager.existsBy(Region, { code: dto.code })) {
        throw new AppException(HttpStatus.CONFLICT, ReferenceErrorCode.RegionExists, { code: dto.code });
      }
      return manager.save(
        manager.create(Region, { code: dto.code, countryCode: dto.countryCode, names: { ...dto.names } }),
      );
    });
  }

  async listOrganizations(user: AuthUser, query: ListOrganizationsQueryDto): Promise<Page<Organization>> {
    const builder = this.dataSource.getRepository(Organization).createQueryBuilder('org');
    const scope = countryScope(user);
    if (scope !== null) builder.andWhere('org.country_code = ANY(:scope)', { scope });
    if (query.country) builder.andWhere('org.country_code = :country', { country: query.country });
    if (query.region) builder.andWhere('org.region_code = :region', { region: query.region });
    if (query.type) builder.andWhere('org.type = :type', { type: query.type });
    if (query.search) {
      builder.andWhere('org.name ILIKE :search', { search: containsPattern(query.search) });
    }
    const [items, total] = await applySort(
      builder,
      query.sort,
      { name: 'org.name', type: 'org.type', createdAt: 'org.created_at' },
      'name',
      'org.id',
    )
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  async getOrganization(user: AuthUser, id: string): Promise<Organization> {
    const organization = await this.dataSource.getRepository(Organization).findOneBy({ id });
    if (!organization) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    assertCanAccess(user, Permission.ReferenceRead, { countryCode: organization.countryCode });
    return organization;
  }

  async createOrganization(user: AuthUser, dto: CreateOrganizationDto): Promise<Organization> {
    if (!inCountryScope(user, dto.countryCode)) throw invalidField('countryCode', 'country_out_of_scope');
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Country, { code: dto.countryCode }))) {
        throw invalidField('countryCode', 'unknown_country', { codes: dto.countryCode });
      }
      await this.assertRegionInCountry(manager, dto.regionCode, dto.countryCode);
      return manager.save(
        manager.create(Organization, {
          name: dto.name,
          type: dto.type,
          countryCode: dto.countryCode,
          regionCode: dto.regionCode ?? null,
        }),
      );
    });
  }

  async updateOrganization(user: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<Organization> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await manager.findOneBy(Organization, { id });
      if (!organization) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
      assertCanAccess(user, Permission.OrganizationsManage, { countryCode: organization.countryCode });
      await this.assertRegionInCountry(manager, dto.regionCode, organization.countryCode);
      if (dto.name !== undefined) organization.name = dto.name;
      if (dto.type !== undefined) organization.type = dto.type;
      if (dto.regionCode !== undefined) organization.regionCode = dto.regionCode;
      return manager.save(organization);
    });
  }

  private async assertRegionInCountry(manager: EntityManager, regionCode: string | undefined, countryCode: string) {
    if (regionCode && !(await manager.existsBy(Region, { code: regionCode, countryCode }))) {
      throw invalidField('regionCode', 'region_not_in_country', { country: countryCode });
    }
  }
}
