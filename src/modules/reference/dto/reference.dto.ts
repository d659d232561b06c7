import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { Omittable, PageQueryDto, SortField } from '@cascade/common';
import { type Locale } from '@cascade/i18n';

import { CountryNamesDto } from '../../countries/index.js';
import type { Organization } from '../organization.entity.js';
import type { Region } from '../region.entity.js';
import { OrganizationType } from '../vocabulary.js';

const trimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value;

export class ListRegionsQueryDto {
  @ApiPropertyOptional({ example: 'KG' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;
}

export class CreateRegionDto {
  @ApiProperty({ example: 'KG-GO', description: 'ISO 3166-2 where one exists' })
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,6}$/)
  code: string;

  @ApiProperty({ example: 'KG' })
  @Matches(/^[A-Z]{2}$/)
  countryCode: string;

  @ApiProperty({ type: CountryNamesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CountryNamesDto)
  names: CountryNamesDto;
}

export class RegionResponseDto {
  @ApiProperty({ example: 'KG-GO' }) code: string;
  @ApiProperty({ example: 'KG' }) countryCode: string;
  @ApiProperty({ example: 'Osh city' }) name: string;

  static from(region: Region, locale: Locale): RegionResponseDto {
    return { code: region.code, countryCode: region.countryCode, name: region.names[locale] ?? region.names.en };
  }
}

/** Fields organizations can be sorted by, for `?sort=`. */
export const ORGANIZATION_SORT_FIELDS = ['name', 'type', 'createdAt'] as const;

export class ListOrganizationsQueryDto extends PageQueryDto {
  @SortField(ORGANIZATION_SORT_FIELDS, 'name')
  sort?: string;

  @ApiPropertyOptional({ example: 'KG' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({ example: 'KG-GO' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,6}$/)
  region?: string;

  @ApiPropertyOptional({ enum: OrganizationType })
  @IsOptional()
  @IsEnum(OrganizationType)
  type?: OrganizationType;

  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Республиканский центр судебно-медицинской экспертизы' })
  @Transform(trimmed)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: OrganizationType })
  @IsEnum(OrganizationType)
  type: OrganizationType;

  @ApiProperty({ example: 'KG' })
  @Matches(/^[A-Z]{2}$/)
  countryCode: string;

  @ApiPropertyOptional({ example: 'KG-GB' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,6}$/)
  regionCode?: string;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional()
  @Omittable()
  @Transform(trimmed)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: OrganizationType })
  @Omittable()
  @IsEnum(OrganizationType)
  type?: OrganizationType;

  @ApiPropertyOptional({ example: 'KG-GB', nullable: true })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,6}$/)
  regionCode?: string;
}

export class OrganizationResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OrganizationType }) type: OrganizationType;
  @ApiProperty({ description: "The type in the caller's language" }) typeLabel: string;
  @ApiProperty({ example: 'KG' }) countryCode: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;

  static from(organization: Organization, typeLabel: string): OrganizationResponseDto {
    return {
      id: organization.id,
      name: organization.name,
      type: organization.type,
      typeLabel,
      countryCode: organization.countryCode,
      regionCode: organization.regionCode,
    };
  }
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationResponseDto] }) items: OrganizationResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
