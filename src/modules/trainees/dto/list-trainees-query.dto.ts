import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

import { PageQueryDto } from '@cascade/common';

import { Profession, Sex } from '../../reference/vocabulary.js';
import { COUNTRY_CODE, REGION_CODE } from './trainee-fields.js';

export class ListTraineesQueryDto extends PageQueryDto {
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
    description: 'Part of the name, in Cyrillic or Latin letters: Токтогулов also finds Тоқтоғулов (Toktogulov)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
