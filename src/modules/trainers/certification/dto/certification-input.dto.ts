import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { IsDateOnly } from '@cascade/common';

import { RequirementState } from '../trainer-requirement.entity.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A requirement's code: lower-case letters, digits and underscores, as routes and history name it. */
export const REQUIREMENT_CODE = /^[a-z][a-z0-9_]{0,39}$/;

export class CertificationAtQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'The day certification is read at; today when left out' })
  @IsOptional()
  @IsDateOnly()
  on?: string;
}

export class TrainerRequirementParamsDto {
  @ApiProperty()
  @IsUUID()
  id: string;

  @ApiProperty({ example: 'observed' })
  @Matches(REQUIREMENT_CODE)
  code: string;
}

export class SetRequirementStateDto {
  @ApiProperty({ enum: RequirementState })
  @IsEnum(RequirementState)
  state: RequirementState;

  @ApiProperty({ format: 'date', example: '2025-05-15', description: 'The day of the evaluation; not in the future' })
  @IsDateOnly()
  effectiveOn: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The event where it was evaluated, when there was one' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ example: 'Observed on day 2: the case-history module' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ExtendDeadlineDto {
  @ApiProperty({ format: 'date', example: '2026-09-30', description: 'Later than the current deadline' })
  @IsDateOnly()
  deadline: string;

  @ApiProperty({ example: 'No event to co-teach in the region before the autumn' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class RecordRefresherDto {
  @ApiProperty({ format: 'date', example: '2026-03-12', description: 'Not in the future' })
  @IsDateOnly()
  completedOn: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class CountryParamsDto {
  @ApiProperty({ example: 'KG' })
  @Matches(/^[A-Z]{2}$/)
  country: string;
}

/** A requirement's title in each of the five languages. */
export class RequirementTitlesDto {
  @ApiProperty() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(200) en: string;
  @ApiProperty() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(200) ru: string;
  @ApiProperty() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(200) ky: string;
  @ApiProperty() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(200) tg: string;
  @ApiProperty() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(200) uk: string;
}

export class RequirementInputDto {
  @ApiProperty({ example: 'observed' })
  @Matches(REQUIREMENT_CODE)
  code: string;

  @ApiProperty({ type: RequirementTitlesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => RequirementTitlesDto)
  titles: RequirementTitlesDto;

  @ApiProperty()
  @IsBoolean()
  required: boolean;

  @ApiPropertyOptional({ nullable: true, example: 365, description: "Days from the trainer's start; null: none" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  deadlineDays?: number | null;
}

export class SaveCertificationProgramDto {
  @ApiPropertyOptional({
    nullable: true,
    example: 24,
    description: 'Months without teaching or a refresher; null: never',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  lapseMonths?: number | null;

  @ApiProperty({ type: [RequirementInputDto], description: 'In order; a requirement left out is removed' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RequirementInputDto)
  requirements: RequirementInputDto[];
}
