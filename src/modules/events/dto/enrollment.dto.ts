import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

import { EnrollmentStatus } from '../enrollment.entity.js';

export class CreateEnrollmentDto {
  @ApiProperty({ format: 'uuid', description: "A trainee of the event's country" })
  @IsUUID()
  traineeId: string;
}

/** `completed` is not settable: the event's completion rules set it. */
export const SETTABLE_ENROLLMENT_STATUSES = [EnrollmentStatus.Enrolled, EnrollmentStatus.Withdrawn] as const;

export class UpdateEnrollmentDto {
  @ApiProperty({ enum: SETTABLE_ENROLLMENT_STATUSES })
  @IsIn(SETTABLE_ENROLLMENT_STATUSES)
  status: EnrollmentStatus.Enrolled | EnrollmentStatus.Withdrawn;
}

/** One line of an event's roster. */
export class EnrollmentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() traineeId: string;
  @ApiProperty({ nullable: true, type: String, description: 'null once the trainee has withdrawn consent' })
  fullName: string | null;
  @ApiProperty({ enum: EnrollmentStatus }) status: EnrollmentStatus;
  @ApiProperty({ description: "The status in the caller's language" }) statusLabel: string;
}
