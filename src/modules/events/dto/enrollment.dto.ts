import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

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

  @ApiPropertyOptional({ maxLength: 500, description: 'Why the place is given up (kept with a withdrawal only)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason?: string;
}

/** One line of an event's roster. */
export class EnrollmentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() traineeId: string;
  @ApiProperty({ nullable: true, type: String, description: 'null once the trainee has withdrawn consent' })
  fullName: string | null;
  @ApiProperty({ enum: EnrollmentStatus }) status: EnrollmentStatus;
  @ApiProperty({ description: "The status in the caller's language" }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why a withdrawn trainee gave up the place' })
  withdrawalReason: string | null;
}
