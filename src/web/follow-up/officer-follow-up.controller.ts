import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { formatDate, formatDateRange, requestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import {
  COMMENT_MAX,
  type FollowUpForm,
  type FollowUpPerson,
  FollowUpTrackingService,
} from '../../modules/follow-up/index.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { answerInput, questionFields, summaryOf } from './follow-up-view.js';

/** One line of the tracking table: where the person stands in the wave, in words. */
function personStatus(locale: Locale, person: FollowUpPerson, now: Date): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  if (person.answeredAt) {
    if (person.channel === 'link') return t('follow_up.tracking.by_link');
    return t(`follow_up.tracking.by_${person.channel ?? 'phone'}`, { name: person.collectedBy ?? '—' });
  }
  if (!person.linkId || !person.expiresAt) return t('follow_up.tracking.not_due');
  if (new Date(person.expiresAt) <= now) return t('follow_up.tracking.expired');
  return t('follow_up.tracking.waiting', {
    date: formatDate(locale, new Date(new Date(person.expiresAt).getTime() - 1)),
  });
}

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
    void reply.send(await this.renderEntry(request, reply, form, {}));
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
      return void reply.send(await this.renderEntry(request, reply, again, { errors, status, typed: input, channel }));
    }
    void reply.redirect(`/officer/events/${form.eventId}/follow-up?saved=1`, HttpStatus.SEE_OTHER);
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

  private renderEntry(
    request: PageRequest,
    reply: FastifyReply,
    form: FollowUpForm & { fullName: string | null },
    state: { errors?: FormErrors; status?: number; typed?: Record<string, unknown>; channel?: string },
  ): Promise<string> {
    const errors = state.errors ?? {};
    const answered = form.state === 'answered';
    return this.pages.render(request, reply, 'follow-up/entry', {
      titleKey: 'follow_up.entry.title',
      status: state.status ?? (answered ? HttpStatus.CONFLICT : HttpStatus.OK),
      model: {
        action: `/officer/follow-up/links/${form.linkId}`,
        back: `/officer/events/${form.eventId}/follow-up`,
        fullName: form.fullName ?? '—',
        months: form.monthsAfter,
        answered,
        channel: state.channel ?? '',
        maxText: COMMENT_MAX,
        errors,
        summary: summaryOf(form.questions, errors),
        questions: questionFields(form.questions, state.typed ?? {}, errors),
      },
    });
  }
}
