import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { formatDate, formatDateRange, requestLocale } from '@cascade/common';
import { translate } from '@cascade/i18n';

import { FollowUpTrackingService } from '../../modules/follow-up/index.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { entryPage, type EntryPaths, personStatus, submitEntry } from './follow-up-view.js';

const ENTRY_PATHS: EntryPaths = {
  action: (linkId) => `/officer/follow-up/links/${linkId}`,
  back: (eventId) => `/officer/events/${eventId}/follow-up`,
};

/**
 * The officer's follow-up pages: an event's waves (who was written to, reminded, answered, opted
 * out, bounced; comments apart, for officers only), the entry of an answer collected by phone or
 * on paper, and a course's schedule and questions (shown, not edited: they are data).
 */
@ApiExcludeController()
@Controller('officer')
@UseFilters(WebExceptionFilter)
export class OfficerFollowUpController {
  constructor(
    private readonly tracking: FollowUpTrackingService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('events/:eventId/follow-up')
  @RequirePermission(Permission.FollowUpManage)
  async event(
    @CurrentUser() user: AuthUser,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const tracked = await this.tracking.eventTracking(user, eventId, locale);
    const now = new Date();
    const status = (s: string | null) => (s ? translate(locale, `enums.message_status.${s}`) : '—');
    void reply.send(
      await this.pages.render(request, reply, 'follow-up/tracking', {
        titleKey: 'follow_up.tracking.title',
        model: {
          ...tracked,
          saved: (request.query as Record<string, string> | undefined)?.saved === '1',
          dates: formatDateRange(locale, tracked.startDate, tracked.endDate),
          waves: tracked.waves.map((wave) => ({
            ...wave,
            due: formatDate(locale, wave.dueOn),
            people: wave.people.map((person) => ({
              ...person,
              status: personStatus(locale, person, now),
              message: person.linkId ? { status: status(person.sent), reminders: person.reminders } : null,
            })),
          })),
        },
      }),
    );
  }

  @Get('follow-up/links/:id')
  @RequirePermission(Permission.FollowUpManage)
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
  @RequirePermission(Permission.FollowUpManage)
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

  @Get('courses/:id/follow-up')
  @RequirePermission(Permission.FollowUpManage)
  async schedule(
    @Param('id', ParseUUIDPipe) courseId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const schedule = await this.tracking.schedule(courseId, locale);
    void reply.send(
      await this.pages.render(request, reply, 'follow-up/schedule', {
        titleKey: 'follow_up.schedule.title',
        model: {
          ...schedule,
          questions: schedule.questions.map((q) => ({
            ...q,
            askedOf: q.professions
              ? q.professions.map((p) => translate(locale, `enums.profession.${p}`)).join(', ')
              : translate(locale, 'follow_up.schedule.everyone'),
          })),
        },
      }),
    );
  }
}
