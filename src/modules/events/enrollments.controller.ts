import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { RequestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { CreateEnrollmentDto, EnrollmentResponseDto, UpdateEnrollmentDto } from './dto/enrollment.dto.js';
import { EnrollmentsService, type RosterLine } from './enrollments.service.js';

const lineDto = ({ enrollment, fullName }: RosterLine, locale: Locale): EnrollmentResponseDto => ({
  id: enrollment.id,
  traineeId: enrollment.traineeId,
  fullName,
  status: enrollment.status,
  statusLabel: translate(locale, `enums.enrollment_status.${enrollment.status}`),
  withdrawalReason: enrollment.withdrawalReason,
});

/** An event's roster: officers enrol and withdraw; the event's trainers read it. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events/:id/enrollments')
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @Get()
  @RequirePermission(Permission.EnrollmentsRead)
  @ApiOkResponse({ type: [EnrollmentResponseDto], description: 'By name' })
  async roster(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) eventId: string,
    @RequestLocale() locale: Locale,
  ): Promise<EnrollmentResponseDto[]> {
    return (await this.enrollments.roster(user, eventId)).map((line) => lineDto(line, locale));
  }

  @Post()
  @RequirePermission(Permission.EnrollmentsManage)
  @ApiCreatedResponse({ type: EnrollmentResponseDto })
  async enroll(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) eventId: string,
    @Body() dto: CreateEnrollmentDto,
    @RequestLocale() locale: Locale,
  ): Promise<EnrollmentResponseDto> {
    return lineDto(await this.enrollments.enroll(user, eventId, dto), locale);
  }

  @Patch(':enrollmentId')
  @RequirePermission(Permission.EnrollmentsManage)
  @ApiOkResponse({ type: EnrollmentResponseDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) eventId: string,
    @Param('enrollmentId', new ParseUUIDPipe()) enrollmentId: string,
    @Body() dto: UpdateEnrollmentDto,
    @RequestLocale() locale: Locale,
  ): Promise<EnrollmentResponseDto> {
    return lineDto(await this.enrollments.update(user, eventId, enrollmentId, dto), locale);
  }
}
