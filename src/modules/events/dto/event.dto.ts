import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

import { IsDateOnly, Omittable, PageQueryDto, SortField } from '@cascade/common';

import { InstructionLanguage } from '../../reference/index.js';
import { EventStatus } from '../training-event.entity.js';

const trimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value;

export const MAX_CAPACITY = 500;

export class CreateEventDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  courseId: string;

  @ApiProperty({ example: 'KG' })
  @Matches(/^[A-Z]{2}$/)
  countryCode: string;

  @ApiPropertyOptional({ example: 'KG-GO', description: 'A region of the country' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,6}$/)
  regionCode?: string;

  @ApiProperty({ example: 'Osh, hotel "Sunrise", conference hall', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  venue: string;

  @ApiProperty({ enum: InstructionLanguage, example: InstructionLanguage.Russian })
  @IsEnum(InstructionLanguage)
  language: InstructionLanguage;

  @ApiProperty({ example: '2025-05-12', format: 'date' })
  @IsDateOnly()
  startDate: string;

  @ApiProperty({ example: '2025-05-15', format: 'date', description: 'At most 10 days after the start, both counted' })
  @IsDateOnly()
  endDate: string;

  @ApiProperty({ example: 25, minimum: 1, maximum: MAX_CAPACITY })
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity: number;
}

/** What may change about a planned event; a completed one takes only `anonymousParticipants`. */
export class UpdateEventDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Omittable()
  @Transform(trimmed)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  venue?: string;

  @ApiPropertyOptional({ example: 'KG-O', nullable: true, type: String, description: 'null: no region' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,6}$/)
  regionCode?: string | null;

  @ApiPropertyOptional({ enum: InstructionLanguage })
  @Omittable()
  @IsEnum(InstructionLanguage)
  language?: InstructionLanguage;

  @ApiPropertyOptional({ format: 'date' })
  @Omittable()
  @IsDateOnly()
  startDate?: string;

  @ApiPropertyOptional({ format: 'date' })
  @Omittable()
  @IsDateOnly()
  endDate?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CAPACITY })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000, description: 'People who came unregistered: counted, never named' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(1000)
  anonymousParticipants?: number;
}

/** Fields events can be sorted by, for `?sort=`. */
export const EVENT_SORT_FIELDS = ['startDate', 'endDate', 'status', 'createdAt', 'upcoming'] as const;

export class ListEventsQueryDto extends PageQueryDto {
  @SortField(EVENT_SORT_FIELDS, 'startDate')
  sort?: string;

  @ApiPropertyOptional({ example: 'KG' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({ enum: EventStatus })
  @IsOptional()
  @IsEnum(EventStatus)
  status?: EventStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  course?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Events still running on or after this day' })
  @IsOptional()
  @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Events starting on or before this day' })
  @IsOptional()
  @IsDateOnly()
  to?: string;

  @ApiPropertyOptional({
    maxLength: 100,
    description: "Part of the course's title (any language), the venue or a trainer's name",
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class ChangeEventStatusDto {
  @ApiProperty({ enum: EventStatus, description: 'planned → ongoing → completed; planned or ongoing → cancelled' })
  @IsEnum(EventStatus)
  status: EventStatus;
}
