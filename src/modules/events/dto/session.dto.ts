import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

import { IsClockTime, IsDateOnly, Omittable } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { localized, type LocalizedText } from '../../courses/index.js';
import type { TrainingSession } from '../training-session.entity.js';

export class CreateSessionDto {
  @ApiProperty({ example: '2025-05-12', format: 'date', description: "Within the event's dates" })
  @IsDateOnly()
  date: string;

  @ApiProperty({ example: '09:00', description: 'HH:MM, local time of the venue' })
  @IsClockTime()
  startTime: string;

  @ApiProperty({ example: '10:30', description: 'HH:MM, later than the start' })
  @IsClockTime()
  endTime: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: "A module of the event's course" })
  @IsOptional()
  @IsUUID()
  moduleId?: string | null;
}

export class UpdateSessionDto {
  @ApiPropertyOptional({ format: 'date' })
  @Omittable()
  @IsDateOnly()
  date?: string;

  @ApiPropertyOptional({ example: '09:00' })
  @Omittable()
  @IsClockTime()
  startTime?: string;

  @ApiPropertyOptional({ example: '10:30' })
  @Omittable()
  @IsClockTime()
  endTime?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null: no module' })
  @IsOptional()
  @IsUUID()
  moduleId?: string | null;
}

/** HH:MM of a PostgreSQL time (which reads back as HH:MM:SS). */
export const clockTime = (time: string): string => time.slice(0, 5);

export class TrainingSessionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2025-05-12' }) date: string;
  @ApiProperty({ example: '09:00' }) startTime: string;
  @ApiProperty({ example: '10:30' }) endTime: string;
  @ApiProperty({ nullable: true, type: String }) moduleId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The module's title in the caller's language" })
  moduleTitle: string | null;

  static from(
    session: TrainingSession,
    moduleTitles: LocalizedText | null,
    locale: Locale,
  ): TrainingSessionResponseDto {
    return {
      id: session.id,
      date: session.date,
      startTime: clockTime(session.startTime),
      endTime: clockTime(session.endTime),
      moduleId: session.moduleId,
      moduleTitle: moduleTitles ? localized(moduleTitles, locale) : null,
    };
  }
}
