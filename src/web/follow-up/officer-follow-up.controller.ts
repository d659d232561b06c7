import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { formatDate, formatDateRange, requestLocale } from '@cascade/common';
import { translate } from '@cascade/i18n';

import { FollowUpTrackingService } from '../../modules/follow-up/index.js';
import { formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { answerInput, entryPage, type EntryPaths, personStatus } from './follow-up-view.js';

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
    const locale = requestLocale(request);
    const form = await this.tracking.entryForm(user, linkId, locale);
    const input = answerInput(body, form.questions);
    const channel = formText(body, 'channel') ?? '';
    try {
      await this.tracking.enterAnswer(user, linkId, input, channel);
    } catch (error) {
      const { errors, status } = formRefusal(error, locale, { except: [404] });
      const again = await this.tracking.entryForm(user, linkId, locale);
      const state = { errors, status, typed: input, channel };
      return void reply.send(await entryPage(this.pages, request, reply, again, ENTRY_PATHS, state));
    }
    void reply.redirect(`${ENTRY_PATHS.back(form.eventId)}?saved=1`, HttpStatus.SEE_OTHER);
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
