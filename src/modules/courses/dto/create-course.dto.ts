import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

import { Omittable } from '@cascade/common';

import { Profession } from '../../reference/index.js';
import { LocalizedDescriptionDto, LocalizedTitleDto } from './course-texts.dto.js';

export const MAX_MODULES = 40;

/** One topic of the curriculum, in the order the list gives. */
export class CourseModuleInputDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'On an edit: the module this item keeps (sessions stay linked to it). Leave out for a new module.',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ type: LocalizedTitleDto, description: 'At least one language' })
  @IsDefined()
  @ValidateNested()
  @Type(() => LocalizedTitleDto)
  titles: LocalizedTitleDto;

  @ApiProperty({ example: 4, minimum: 0.1, maximum: 100, description: 'Teaching hours, to one decimal place' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0.1)
  @Max(100)
  hours: number;
}

/** The fields a course is written with; an edit sends any of them. */
export class CreateCourseDto {
  @ApiProperty({ type: LocalizedTitleDto, description: 'At least one language' })
  @IsDefined()
  @ValidateNested()
  @Type(() => LocalizedTitleDto)
  titles: LocalizedTitleDto;

  @ApiPropertyOptional({ type: LocalizedDescriptionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedDescriptionDto)
  descriptions?: LocalizedDescriptionDto;

  @ApiProperty({ type: [CourseModuleInputDto], description: 'In teaching order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MODULES)
  @ValidateNested({ each: true })
  @Type(() => CourseModuleInputDto)
  modules: CourseModuleInputDto[];

  @ApiPropertyOptional({ enum: Profession, isArray: true, example: [Profession.ForensicExpert] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(Object.values(Profession).length)
  @IsEnum(Profession, { each: true })
  targetProfessions?: Profession[];

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 80, description: 'Share of sessions to attend' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(100)
  minAttendancePercent?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 70, nullable: true, description: 'null: no test' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  minPostScore?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 120, nullable: true, description: 'null: never expires' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  certificateValidityMonths?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    format: 'uuid',
    description:
      'The course this one refreshes: completing it renews the trainee’s certificate of that course (new expiry; the old one reads "renewed"). null: none',
  })
  @IsOptional()
  @IsUUID()
  refresherOfId?: string | null;
}
