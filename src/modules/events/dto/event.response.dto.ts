import { ApiProperty } from '@nestjs/swagger';

import { type Locale, translate } from '@cascade/i18n';

import { localized, type LocalizedText } from '../../courses/index.js';
import { InstructionLanguage } from '../../reference/index.js';
import { EventTrainerRole } from '../event-trainer.entity.js';
import { EventStatus, type TrainingEvent } from '../training-event.entity.js';
import type { TrainingSession } from '../training-session.entity.js';
import { TrainingSessionResponseDto } from './session.dto.js';

/** An event as the service reads it: the row with its course, and the counts beside it. */
export interface EventListing {
  event: TrainingEvent & { course: { titles: LocalizedText } };
  enrolledCount: number;
}

export interface EventDetail extends EventListing {
  sessions: { session: TrainingSession; moduleTitles: LocalizedText | null }[];
  trainers: { trainerId: string; fullName: string; role: EventTrainerRole }[];
}

export class EventSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() courseId: string;
  @ApiProperty({ description: "The course's title in the caller's language" }) courseTitle: string;
  @ApiProperty({ example: 'KG' }) countryCode: string;
  @ApiProperty({ nullable: true, type: String, example: 'KG-GO' }) regionCode: string | null;
  @ApiProperty() venue: string;
  @ApiProperty({ enum: InstructionLanguage }) language: InstructionLanguage;
  @ApiProperty({ example: '2025-05-12' }) startDate: string;
  @ApiProperty({ example: '2025-05-15' }) endDate: string;
  @ApiProperty({ example: 25 }) capacity: number;
  @ApiProperty({ description: 'Trainees enrolled or completed (not withdrawn)' }) enrolledCount: number;
  @ApiProperty({ description: 'Came without registering: counted, never named' }) anonymousParticipants: number;
  @ApiProperty({ enum: EventStatus }) status: EventStatus;
  @ApiProperty({ description: "The status in the caller's language" }) statusLabel: string;

  static from({ event, enrolledCount }: EventListing, locale: Locale): EventSummaryDto {
    return {
      id: event.id,
      courseId: event.courseId,
      courseTitle: localized(event.course.titles, locale),
      countryCode: event.countryCode,
      regionCode: event.regionCode,
      venue: event.venue,
      language: event.language,
      startDate: event.startDate,
      endDate: event.endDate,
      capacity: event.capacity,
      enrolledCount,
      anonymousParticipants: event.anonymousParticipants,
      status: event.status,
      statusLabel: translate(locale, `enums.event_status.${event.status}`),
    };
  }
}

export class EventTrainerResponseDto {
  @ApiProperty() trainerId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: EventTrainerRole }) role: EventTrainerRole;
  @ApiProperty({ description: "The role in the caller's language" }) roleLabel: string;
}

export class EventResponseDto extends EventSummaryDto {
  @ApiProperty({ type: [TrainingSessionResponseDto], description: 'By date and start time' })
  sessions: TrainingSessionResponseDto[];
  @ApiProperty({ type: [EventTrainerResponseDto], description: 'The lead first' }) trainers: EventTrainerResponseDto[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static fromDetail(detail: EventDetail, locale: Locale): EventResponseDto {
    return {
      ...EventSummaryDto.from(detail, locale),
      sessions: detail.sessions.map(({ session, moduleTitles }) =>
        TrainingSessionResponseDto.from(session, moduleTitles, locale),
      ),
      trainers: detail.trainers.map((trainer) => ({
        ...trainer,
        roleLabel: translate(locale, `enums.event_trainer_role.${trainer.role}`),
      })),
      createdAt: detail.event.createdAt.toISOString(),
      updatedAt: detail.event.updatedAt.toISOString(),
    };
  }
}

export class EventPageDto {
  @ApiProperty({ type: [EventSummaryDto] }) items: EventSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
