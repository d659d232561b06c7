import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { PageQueryDto } from '@cascade/common';

import { TrainerLevel, TrainerStatus } from '../trainer.entity.js';
import { COUNTRY_CODE } from './trainer-fields.js';

export class ListTrainersQueryDto extends PageQueryDto {
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
