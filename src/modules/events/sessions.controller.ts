import { Body, Controller, Delete, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { CreateSessionDto, TrainingSessionResponseDto, UpdateSessionDto } from './dto/session.dto.js';
import { SessionsService } from './sessions.service.js';

/** An event's timetable; the event itself (GET /events/:id) lists its sessions. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events/:id/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post()
  @RequirePermission(Permission.EventsManage)
  @ApiCreatedResponse({ type: TrainingSessionResponseDto })
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) eventId: string,
    @Body() dto: CreateSessionDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainingSessionResponseDto> {
    const { session, moduleTitles } = await this.sessions.create(user, eventId, dto);
    return TrainingSessionResponseDto.from(session, moduleTitles, locale);
  }

  @Patch(':sessionId')
  @RequirePermission(Permission.EventsManage)
  @ApiOkResponse({ type: TrainingSessionResponseDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) eventId: string,
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string,
    @Body() dto: UpdateSessionDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainingSessionResponseDto> {
    const { session, moduleTitles } = await this.sessions.update(user, eventId, sessionId, dto);
    return TrainingSessionResponseDto.from(session, moduleTitles, locale);
  }

  @Delete(':sessionId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission(Permission.EventsManage)
  @ApiNoContentResponse()
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) eventId: string,
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string,
  ): Promise<void> {
    await this.sessions.remove(user, eventId, sessionId);
  }
}
