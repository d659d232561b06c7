import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

import { Omittable } from '@cascade/common';

import { CreateCourseDto } from './create-course.dto.js';

/**
 * Any field of a course. `titles` and `descriptions` replace the texts; `modules` replaces the
 * list: items with an `id` keep that module, items without one are new, modules left out go
 * (their sessions keep their times and lose the link).
 */
// Left-out fields stay as they are; a null is checked, so only the nullable pass rules take one.
export class UpdateCourseDto extends PartialType(CreateCourseDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'false retires the course: no new events, old ones stay' })
  @Omittable()
  @IsBoolean()
  active?: boolean;
}
