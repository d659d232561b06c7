import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import { assertCanAccess, type AuthUser, countryScope, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';

import { CountriesErrorCode } from './countries-error-code.js';
import { Country } from './country.entity.js';
import type { CreateCountryDto } from './dto/create-country.dto.js';

@Injectable()
export class CountriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The countries the user works in (every country for an admin), filtered in SQL. */
  list(user: AuthUser): Promise<Country[]> {
    const scope = countryScope(user);
    return this.dataSource
      .getRepository(Country)
      .find({ where: scope === null ? {} : { code: In(scope) }, order: { code: 'ASC' } });
  }

  async get(user: AuthUser, code: string): Promise<Country> {
    const country = await this.dataSource.getRepository(Country).findOneBy({ code });
    if (!country) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    assertCanAccess(user, Permission.CountriesRead, { countryCode: country.code });
    return country;
  }

  async create(dto: CreateCountryDto): Promise<Country> {
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(Country, { code: dto.code })) {
        throw new AppException(HttpStatus.CONFLICT, CountriesErrorCode.CountryExists, { code: dto.code });
      }
      return manager.save(manager.create(Country, { code: dto.code, names: { ...dto.names } }));
    });
  }
}
