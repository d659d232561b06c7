import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';

import { PageQueryDto, SortField } from '@cascade/common';

import { Profession } from '../../reference/index.js';

/** Fields courses can be sorted by, for `?sort=`. */
export const COURSE_SORT_FIELDS = ['createdAt', 'updatedAt'] as const;

export class ListCoursesQueryDto extends PageQueryDto {
  @SortField(COURSE_SORT_FIELDS, '-createdAt')
  sort?: string;

  @ApiPropertyOptional({ description: 'Part of a title, in any language' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: Profession, description: 'Courses meant for this profession' })
  @IsOptional()
  @IsEnum(Profession)
  profession?: Profession;

  @ApiPropertyOptional({ description: 'true: only courses that can be run; false: only retired ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}
