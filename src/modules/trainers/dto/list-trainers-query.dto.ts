import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { PageQueryDto, SortField } from '@cascade/common';

import { TrainerLevel, TrainerStatus } from '../trainer.entity.js';
import { COUNTRY_CODE } from './trainer-fields.js';

/** Fields trainers can be sorted by, for `?sort=`. */
export const TRAINER_SORT_FIELDS = ['name', 'latinName', 'level', 'status', 'createdAt'] as const;

export class ListTrainersQueryDto extends PageQueryDto {
  @SortField(TRAINER_SORT_FIELDS, 'name')
  sort?: string;

  @ApiPropertyOptional({ example: 'KG' })
  @IsOptional()
  @Matches(COUNTRY_CODE)
  country?: string;

  @ApiPropertyOptional({ enum: TrainerLevel })
  @IsOptional()
  @IsEnum(TrainerLevel)
  level?: TrainerLevel;

  @ApiPropertyOptional({ enum: TrainerStatus })
  @IsOptional()
  @IsEnum(TrainerStatus)
  status?: TrainerStatus;

  @ApiPropertyOptional({
    description:
      'Part of the full or the Latin name; Cyrillic spelling variants match too (Тоқтоғулов finds Токтогулов)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
