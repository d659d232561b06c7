import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

import { AttendanceStatus } from '../attendance-mark.entity.js';

export class AttendanceMarkDto {
  @ApiProperty({ description: 'Made by the client, so a retried upload is recognised' })
  @IsUUID()
  id: string;

  @ApiProperty()
  @IsUUID()
  traineeId: string;

  @ApiProperty({ enum: AttendanceStatus })
  @IsEnum(AttendanceStatus)
  status: AttendanceStatus;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiProperty({ description: 'When the trainer marked it, on their device: the later mark wins' })
  @IsISO8601({ strict: true })
  markedAt: string;
}

/** A whole roster (or part of one) for one session, sent in one request. */
export class RecordAttendanceDto {
  @ApiProperty({ type: [AttendanceMarkDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AttendanceMarkDto)
  marks: AttendanceMarkDto[];
}

export class SessionParamsDto {
  @ApiProperty() @IsUUID() sessionId: string;
}

export class EventParamsDto {
  @ApiProperty() @IsUUID() eventId: string;
}

export class RosterEntryDto {
  @ApiProperty() traineeId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null once the trainee withdrew consent' }) fullName:
    string | null;
  @ApiProperty({ enum: AttendanceStatus, nullable: true }) status: AttendanceStatus | null;
  @ApiProperty({ nullable: true, type: String }) statusLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) markedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) markId: string | null;
}

export class RecordAttendanceResponseDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ description: 'Marks written (new, or newer than the stored one)' }) applied: number;
  @ApiProperty({ description: 'Marks older than the stored one, or repeated: left as they were' }) unchanged: number;
  @ApiPropertyOptional({
    type: [RosterEntryDto],
    description: 'Left out when the request asked Prefer: return=minimal',
  })
  roster?: RosterEntryDto[];
}

export class ReopenAttendanceDto {
  @ApiProperty({ description: 'Trainers may record until then' })
  @IsISO8601({ strict: true })
  until: string;
}
