import { ApiProperty } from '@nestjs/swagger';

import { Profession, Sex } from '../../../reference/index.js';
import type { EventDecision, TraineeMerge } from '../trainee-merge.entity.js';

const MATCH_FIELDS = ['name', 'patronymic', 'birthYear', 'organization', 'phone'];

/** What an officer compares two records by. */
export class DuplicateTraineeDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty({ nullable: true, type: String }) latinName: string | null;
  @ApiProperty({ enum: Sex }) sex: Sex;
  @ApiProperty({ enum: Profession }) profession: Profession;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: Number }) birthYear: number | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ description: 'Events the trainee is enrolled in' }) enrollments: number;
  @ApiProperty() createdAt: string;
}

export class DuplicatePairDto {
  @ApiProperty({ example: 0.87, description: 'From 0 to 1; pairs at or above the threshold only' }) score: number;
  @ApiProperty({ enum: MATCH_FIELDS, isArray: true }) matchingFields: string[];
  @ApiProperty({ enum: MATCH_FIELDS, isArray: true }) conflictingFields: string[];
  @ApiProperty({ type: [DuplicateTraineeDto], description: 'The two records, the older first' })
  trainees: DuplicateTraineeDto[];
}

export class DuplicatePairPageDto {
  @ApiProperty({ type: [DuplicatePairDto] }) items: DuplicatePairDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class MergeCountsDto {
  @ApiProperty() enrollments: number;
  @ApiProperty() attendanceMarks: number;
  @ApiProperty() assessments: number;
}

export class EventDecisionDto {
  @ApiProperty() eventId: string;
  @ApiProperty({ enum: ['survivor', 'merged'], description: 'Whose enrollment, scores and marks were kept' })
  kept: string;
  @ApiProperty({ enum: ['certificate', 'completed', 'enrolled', 'more_attendance', 'survivor_by_default'] })
  reason: string;
}

export class TraineeMergeDto {
  @ApiProperty() id: string;
  @ApiProperty() survivorId: string;
  @ApiProperty() mergedId: string;
  @ApiProperty({ example: 'KG' }) countryCode: string;
  @ApiProperty() mergedAt: string;
  @ApiProperty({ description: 'Until when the merge can be undone (MERGE_UNDO_DAYS)' }) undoUntil: string;
  @ApiProperty({ nullable: true, type: String }) undoneAt: string | null;
  @ApiProperty({ type: MergeCountsDto, description: 'Records moved from the merged trainee to the survivor' })
  moved: MergeCountsDto;
  @ApiProperty({
    type: MergeCountsDto,
    description: 'Records both had for one event or session: the worse one, kept aside for an undo',
  })
  removed: MergeCountsDto;
  @ApiProperty({ type: [EventDecisionDto], description: 'For each event both had records of, which was kept and why' })
  decisions: EventDecision[];

  static from(merge: TraineeMerge, undoDays: number): TraineeMergeDto {
    return {
      id: merge.id,
      survivorId: merge.survivorId,
      mergedId: merge.mergedId,
      countryCode: merge.countryCode,
      mergedAt: merge.mergedAt.toISOString(),
      undoUntil: new Date(merge.mergedAt.getTime() + undoDays * 86_400_000).toISOString(),
      undoneAt: merge.undoneAt?.toISOString() ?? null,
      moved: {
        enrollments: merge.moved.enrollments.length,
        attendanceMarks: merge.moved.attendanceMarks.length,
        assessments: merge.moved.assessments.length,
      },
      removed: {
        enrollments: merge.removed.enrollments.length,
        attendanceMarks: merge.removed.attendanceMarks.length,
        assessments: merge.removed.assessments.length,
      },
      decisions: merge.decisions,
    };
  }
}
