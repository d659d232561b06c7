import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { formatDate, formatDateRange, requestLocale } from '@cascade/common';

import { FollowUpTrackingService } from '../../modules/follow-up/index.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { entryPage, type EntryPaths, personStatus, submitEntry } from './follow-up-view.js';

const ENTRY_PATHS: EntryPaths = {
  action: (linkId) => `/trainer/follow-up/links/${linkId}`,
  back: (eventId) => `/trainer/events/${eventId}/follow-up`,
};

/**
 * The trainer's follow-up pages, for the events they teach: who answered each wave (never what,
 * nor any comment: those stay with officers), and the entry of an answer a completer gave them by
 * phone or on paper, through the same form and service as the officers'.
 */
@ApiExcludeController()
@Controller('trainer')
@UseFilters(WebExceptionFilter)
export class TrainerFollowUpController {
  constructor(
    private readonly tracking: FollowUpTrackingService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('events/:eventId/follow-up')
  @RequirePermission(Permission.FollowUpEnter)
  async event(
    @CurrentUser() user: AuthUser,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const progress = await this.tracking.eventProgress(user, eventId, locale);
    const now = new Date();
    void reply.send(
      await this.pages.render(request, reply, 'follow-up/trainer-tracking', {
        titleKey: 'follow_up.tracking.title',
        model: {
          ...progress,
          saved: (request.query as Record<string, string> | undefined)?.saved === '1',
          dates: formatDateRange(locale, progress.startDate, progress.endDate),
          waves: progress.waves.map((wave) => ({
            ...wave,
            due: formatDate(locale, wave.dueOn),
            people: wave.people.map((person) => ({
              ...person,
              status: personStatus(locale, person, now),
              open: !!person.linkId && !person.answeredAt && !!person.expiresAt && new Date(person.expiresAt) > now,
            })),
          })),
        },
      }),
    );
  }

  @Get('follow-up/links/:id')
  @RequirePermission(Permission.FollowUpEnter)
  async entry(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) linkId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = await this.tracking.entryForm(user, linkId, requestLocale(request));
    void reply.send(await entryPage(this.pages, request, reply, form, ENTRY_PATHS, {}));
  }

  @Post('follow-up/links/:id')
  @RequirePermission(Permission.FollowUpEnter)
  @WebForm()
  async enter(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) linkId: string,
    @Body() body: unknown,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await submitEntry(this.tracking, this.pages, { user, linkId, body }, request, reply, ENTRY_PATHS);
  }
}
