import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission, UserCheckedByStatement } from '@cascade/auth';
import { invalidField, RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { AssessmentsService } from './assessments.service.js';
import type { RosterRow } from './attendance.service.js';
import { AttendanceService } from './attendance.service.js';
import { AssessmentResponseDto, RecordScoresDto } from './dto/assessments.dto.js';
import {
  EventParamsDto,
  RecordAttendanceDto,
  RecordAttendanceResponseDto,
  ReopenAttendanceDto,
  RosterEntryDto,
  SessionParamsDto,
} from './dto/attendance.dto.js';
import { RecordAttendancePipe } from './dto/record-attendance.pipe.js';
import { statusLabel } from './status-labels.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,100}$/;

function rosterEntry(row: RosterRow, locale: Locale): RosterEntryDto {
  return {
    traineeId: row.traineeId,
    fullName: row.fullName,
    status: row.status,
    statusLabel: row.status ? statusLabel(locale, row.status) : null,
    note: row.note,
    markedAt: row.markedAt ? new Date(row.markedAt).toISOString() : null,
    markId: row.markId,
  };
}

@ApiTags('attendance')
@ApiBearerAuth()
@Controller()
export class AttendanceController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly assessments: AssessmentsService,
  ) {}

  @Get('sessions/:sessionId/attendance')
  @RequirePermission(Permission.AttendanceRecord)
  @ApiOkResponse({ type: [RosterEntryDto] })
  async roster(
    @CurrentUser() user: AuthUser,
    @Param() params: SessionParamsDto,
    @RequestLocale() locale: Locale,
  ): Promise<RosterEntryDto[]> {
    return (await this.attendance.roster(user, params.sessionId)).map((row) => rosterEntry(row, locale));
  }

  /** The whole roster in one request, refused whole if one row is wrong; safe to retry. */
  @Put('sessions/:sessionId/attendance')
  @RequirePermission(Permission.AttendanceRecord)
  // The roster statement checks the account with the claims: one round trip a request, not two.
  @UserCheckedByStatement()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat it on a retry: the first answer comes back',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: '`return=minimal` (RFC 7240): the answer carries the counts without the roster, for slow connections',
  })
  @ApiBody({ type: RecordAttendanceDto })
  @ApiOkResponse({ type: RecordAttendanceResponseDto })
  async record(
    @CurrentUser() user: AuthUser,
    @Param() params: SessionParamsDto,
    // Not the class itself, so the global pipe leaves the body to RecordAttendancePipe (which uses it).
    @Body(RecordAttendancePipe) dto: Pick<RecordAttendanceDto, 'marks'>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @RequestLocale() locale: Locale,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw invalidField('Idempotency-Key', 'matches');
    }
    // JSON text from the statement itself, sent as it comes: nothing to parse and write again.
    void reply.type('application/json; charset=utf-8');
    const minimal = prefersMinimal(prefer);
    if (minimal) void reply.header('preference-applied', 'return=minimal');
    return this.attendance.record(user, params.sessionId, dto, idempotencyKey, locale, !minimal);
  }

  @Post('events/:eventId/attendance-window')
  @HttpCode(HttpStatus.OK)
  @RequirePermission(Permission.AttendanceReopen)
  @ApiOkResponse({ description: 'Trainers may record until the given time' })
  async reopen(
    @CurrentUser() user: AuthUser,
    @Param() params: EventParamsDto,
    @Body() dto: ReopenAttendanceDto,
  ): Promise<{ reopenedUntil: string }> {
    const until = await this.attendance.reopen(user, params.eventId, new Date(dto.until));
    return { reopenedUntil: until.toISOString() };
  }

  @Get('events/:eventId/assessments')
  @RequirePermission(Permission.AttendanceRecord)
  @ApiOkResponse({ type: [AssessmentResponseDto] })
  list(@CurrentUser() user: AuthUser, @Param() params: EventParamsDto): Promise<AssessmentResponseDto[]> {
    return this.assessments.list(user, params.eventId);
  }

  @Put('events/:eventId/assessments')
  @RequirePermission(Permission.AttendanceRecord)
  @ApiOkResponse({ type: [AssessmentResponseDto] })
  recordScores(
    @CurrentUser() user: AuthUser,
    @Param() params: EventParamsDto,
    @Body() dto: RecordScoresDto,
  ): Promise<AssessmentResponseDto[]> {
    return this.assessments.record(user, params.eventId, dto);
  }
}

/** `Prefer: return=minimal` among the request's preferences (RFC 7240: comma-separated, any case). */
function prefersMinimal(prefer: string | undefined): boolean {
  return (prefer ?? '').split(',').some((preference) => preference.trim().toLowerCase() === 'return=minimal');
}
