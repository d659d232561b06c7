import { ApiProperty } from '@nestjs/swagger';

import type { Locale } from '@cascade/i18n';

import { Profession } from '../../reference/index.js';
import type { Course, LocalizedText } from '../course.entity.js';
import type { CourseModule } from '../course-module.entity.js';
import { localized } from '../localized-text.js';

const TEXTS_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string' },
  example: {
    en: 'Istanbul Protocol for forensic experts',
    ru: 'Стамбульский протокол для судебно-медицинских экспертов',
  },
} as const;

export class CourseModuleResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 1 }) position: number;
  @ApiProperty({ description: "In the caller's language, else English, else any" }) title: string;
  @ApiProperty(TEXTS_SCHEMA) titles: LocalizedText;
  @ApiProperty({ example: 4 }) hours: number;

  static from(module: CourseModule, locale: Locale): CourseModuleResponseDto {
    return {
      id: module.id,
      position: module.position,
      title: localized(module.titles, locale),
      titles: module.titles,
      hours: module.hours,
    };
  }
}

export class CourseResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: "In the caller's language, else English, else any" }) title: string;
  @ApiProperty(TEXTS_SCHEMA) titles: LocalizedText;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty(TEXTS_SCHEMA) descriptions: LocalizedText;
  @ApiProperty({ type: [CourseModuleResponseDto] }) modules: CourseModuleResponseDto[];
  @ApiProperty({ example: 16 }) totalHours: number;
  @ApiProperty({ enum: Profession, isArray: true }) targetProfessions: Profession[];
  @ApiProperty({ example: 80 }) minAttendancePercent: number;
  @ApiProperty({ example: 70, nullable: true, type: Number }) minPostScore: number | null;
  @ApiProperty({ nullable: true, type: Number }) certificateValidityMonths: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The course this one refreshes' })
  refresherOfId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(course: Course, modules: CourseModule[], locale: Locale): CourseResponseDto {
    const ordered = [...modules].sort((a, b) => a.position - b.position);
    const description = localized(course.descriptions, locale);
    return {
      id: course.id,
      title: localized(course.titles, locale),
      titles: course.titles,
      description: description === '' ? null : description,
      descriptions: course.descriptions,
      modules: ordered.map((module) => CourseModuleResponseDto.from(module, locale)),
      // Summed in tenths: 0.1 + 0.2 must not come back as 0.30000000000000004.
      totalHours: ordered.reduce((sum, module) => sum + Math.round(module.hours * 10), 0) / 10,
      targetProfessions: course.targetProfessions,
      minAttendancePercent: course.minAttendancePercent,
      minPostScore: course.minPostScore,
      certificateValidityMonths: course.certificateValidityMonths,
      refresherOfId: course.refresherOfId,
      active: course.active,
      createdAt: course.createdAt.toISOString(),
      updatedAt: course.updatedAt.toISOString(),
    };
  }
}

export class CoursePageDto {
  @ApiProperty({ type: [CourseResponseDto] }) items: CourseResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
