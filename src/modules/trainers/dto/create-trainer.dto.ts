import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';

import { InstructionLanguage, Sex } from '../../reference/index.js';
import { TrainerLevel, TrainerStatus } from '../trainer.entity.js';
import { COUNTRY_CODE, FullNameField, LanguagesField, LatinNameField, REGION_CODE } from './trainer-fields.js';

export class CreateTrainerDto {
  @ApiProperty({ example: 'Нурлан Тоқтоғулов', description: 'As the person writes it, usually in Cyrillic' })
  @FullNameField()
  fullName: string;

  @ApiPropertyOptional({
    example: 'Nurlan Toktogulov',
    description: 'In Latin letters; transliterated from the full name when left out',
  })
  @IsOptional()
  @LatinNameField()
  latinName?: string;

  @ApiPropertyOptional({ enum: Sex, default: Sex.NotRecorded })
  @IsOptional()
  @IsEnum(Sex)
  sex?: Sex;

  @ApiProperty({ example: 'KG', description: "One of the caller's countries" })
  @Matches(COUNTRY_CODE)
  countryCode: string;

  @ApiPropertyOptional({ example: 'KG-GO', description: 'A region of the country' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;

  @ApiPropertyOptional({ description: 'An organisation of the country' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({ enum: TrainerLevel })
  @IsEnum(TrainerLevel)
  level: TrainerLevel;

  @ApiPropertyOptional({ enum: TrainerStatus, default: TrainerStatus.Candidate })
  @IsOptional()
  @IsEnum(TrainerStatus)
  status?: TrainerStatus;

  @ApiPropertyOptional({ enum: InstructionLanguage, isArray: true, example: ['ru', 'ky'] })
  @IsOptional()
  @LanguagesField()
  languages?: InstructionLanguage[];
}
