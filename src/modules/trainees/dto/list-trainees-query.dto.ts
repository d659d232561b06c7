import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

import { PageQueryDto, SortField } from '@cascade/common';

import { Profession, Sex } from '../../reference/index.js';
import { COUNTRY_CODE, REGION_CODE } from './trainee-fields.js';

/** Fields trainees can be sorted by, for `?sort=`. */
export const TRAINEE_SORT_FIELDS = ['name', 'latinName', 'profession', 'createdAt'] as const;

export class ListTraineesQueryDto extends PageQueryDto {
  @SortField(TRAINEE_SORT_FIELDS, 'name')
  sort?: string;

  @ApiPropertyOptional({ example: 'KG' })
  @IsOptional()
  @Matches(COUNTRY_CODE)
  country?: string;

  @ApiPropertyOptional({ example: 'KG-O' })
  @IsOptional()
  @Matches(REGION_CODE)
  region?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organization?: string;

  @ApiPropertyOptional({ enum: Profession })
  @IsOptional()
  @IsEnum(Profession)
  profession?: Profession;

  @ApiPropertyOptional({ enum: Sex })
  @IsOptional()
  @IsEnum(Sex)
  sex?: Sex;

  @ApiPropertyOptional({
    description:
      'The name or part of it, in any word order, script or Latin scheme, a small typo allowed: Сыдыкова Жылдыз, ' +
      'Zhyldyz Sydykova and Jyldyz all find Жылдыз Сыдыкова. Every word searched that some name bears (or one ' +
      'like it: a typo, a word it begins) must be in the name or its patronymic: Сыдыкова Жылдыз does not find ' +
      'Сыдыкова Айгуль. The likeliest first unless a sort is given; total counts the names found so',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Enrolled (not withdrawn) at an event of this course' })
  @IsOptional()
  @IsUUID()
  course?: string;

  @ApiPropertyOptional({ description: 'true: holds a certificate that is not revoked; false: holds none' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  certified?: boolean;
}
