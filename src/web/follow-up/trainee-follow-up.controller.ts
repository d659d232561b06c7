import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

import { assertCsrfToken, Public } from '@cascade/auth';
import { AppException, formatDate } from '@cascade/common';
import { isLocale, type Locale, LOCALE_COOKIE } from '@cascade/i18n';

import { COMMENT_MAX, type FollowUpForm, FollowUpLinksService } from '../../modules/follow-up/index.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { answerInput, questionFields, summaryOf } from './follow-up-view.js';

/** Requests a minute per IP address on the trainee's pages (as the feedback form's). */
export const FOLLOW_UP_LIMIT_PER_MINUTE = 120;

/** The last day a link takes an answer (it expires when that day is over). */
const lastDay = (expiresAt: Date) => new Date(new Date(expiresAt).getTime() - 1);

/**
 * The trainee's follow-up form, opened from the personal link of an e-mail without an account:
 * phone first, in the trainee's language (a language chosen on the page wins), kept and sent when
 * the phone is back online (feedback.js). One answer a wave: an unknown, expired or used link gets a
 * page saying so and writes nothing. The opt-out asks before it stops the messages.
 */
@ApiExcludeController()
@Controller('follow-up')
@UseFilters(WebExceptionFilter)
@UseGuards(ThrottlerGuard)
@Throttle({ default: { limit: FOLLOW_UP_LIMIT_PER_MINUTE, ttl: 60_000 } })
export class TraineeFollowUpController {
  constructor(
    private readonly links: FollowUpLinksService,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':token')
  @Public()
  async form(
    @Param('token') token: string,
    @Query('saved') saved: string | undefined,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = await this.links.form(token);
    void reply.send(
      await this.renderState(request, reply, token, form, { saved: saved === '1', status: HttpStatus.OK }),
    );
  }

  @Post(':token')
  @Public()
  @WebForm()
  async answer(
    @Param('token') token: string,
    @Body() body: unknown,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    assertCsrfToken(request);
    const before = await this.links.form(token);
    if (!before || before.state !== 'open') {
      return void reply.send(await this.renderState(request, reply, token, before, {}));
    }
    const input = answerInput(body, before.questions);
    try {
      await this.links.answer(token, input);
    } catch (error) {
      // A refusal of what was typed shows the form again; any other (answered meanwhile,
      // expired, unknown) shows the link as it now stands. Either way nothing was written.
      const form = await this.links.form(token);
      const refused = error instanceof AppException && error.status === HttpStatus.BAD_REQUEST;
      if (!refused || !form || form.state !== 'open') {
        if (error instanceof AppException && error.status < HttpStatus.INTERNAL_SERVER_ERROR) {
          return void reply.send(await this.renderState(request, reply, token, form, {}));
        }
        throw error;
      }
      const { errors, status } = formRefusal(error, this.localeFor(request, form));
      return void reply.send(await this.renderForm(request, reply, token, form, { errors, status, typed: input }));
    }
    void reply.redirect(`/follow-up/${encodeURIComponent(token)}?saved=1`, HttpStatus.SEE_OTHER);
  }

  @Get(':token/opt-out')
  @Public()
  async optOutPage(@Param('token') token: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const form = await this.links.form(token);
    if (!form) return void reply.send(await this.renderUnknown(request, reply));
    void reply.send(await this.renderOptOut(request, reply, token, form, false));
  }

  @Post(':token/opt-out')
  @Public()
  @WebForm()
  async optOut(@Param('token') token: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    assertCsrfToken(request);
    const form = await this.links.form(token);
    if (!form) return void reply.send(await this.renderUnknown(request, reply));
    await this.links.optOut(token);
    void reply.send(await this.renderOptOut(request, reply, token, form, true));
  }

  /** The trainee's language, unless the visitor chose one on a page (the language switch). */
  private localeFor(request: PageRequest, form: FollowUpForm): Locale {
    const chosen = request.cookies?.[LOCALE_COOKIE];
    return isLocale(chosen) ? chosen : form.locale;
  }

  /** The page of a link as it stands: the form, or why it takes no answer (nothing written). */
  private renderState(
    request: PageRequest,
    reply: FastifyReply,
    token: string,
    form: FollowUpForm | null,
    options: { saved?: boolean; status?: number },
  ): Promise<string> {
    if (!form) return this.renderUnknown(request, reply);
    // The address holds the token: never sent on as a Referer.
    void reply.header('referrer-policy', 'no-referrer');
    const locale = this.localeFor(request, form);
    if (form.state === 'open') return this.renderForm(request, reply, token, form, {});
    if (form.state === 'answered') {
      return this.pages.render(request, reply, 'follow-up/answered', {
        titleKey: 'follow_up.answered.title',
        status: options.saved ? HttpStatus.OK : (options.status ?? HttpStatus.CONFLICT),
        locale,
        model: { saved: options.saved ?? false },
      });
    }
    return this.pages.render(request, reply, 'follow-up/expired', {
      titleKey: 'follow_up.expired.title',
      status: HttpStatus.GONE,
      locale,
      model: { expires: formatDate(locale, lastDay(form.expiresAt)) },
    });
  }

  private renderUnknown(request: PageRequest, reply: FastifyReply): Promise<string> {
    return this.pages.render(request, reply, 'follow-up/unknown', {
      titleKey: 'follow_up.unknown.title',
      status: HttpStatus.NOT_FOUND,
    });
  }

  private renderOptOut(request: PageRequest, reply: FastifyReply, token: string, form: FollowUpForm, done: boolean) {
    void reply.header('referrer-policy', 'no-referrer');
    return this.pages.render(request, reply, 'follow-up/opt-out', {
      titleKey: 'follow_up.opt_out.title',
      locale: this.localeFor(request, form),
      model: { action: `/follow-up/${encodeURIComponent(token)}/opt-out`, done },
    });
  }

  private renderForm(
    request: PageRequest,
    reply: FastifyReply,
    token: string,
    form: FollowUpForm,
    state: { errors?: FormErrors; status?: number; typed?: Record<string, unknown> },
  ): Promise<string> {
    const locale = this.localeFor(request, form);
    const errors = state.errors ?? {};
    return this.pages.render(request, reply, 'follow-up/form', {
      titleKey: 'follow_up.form.title',
      status: state.status ?? HttpStatus.OK,
      locale,
      scripts: ['feedback.js'],
      model: {
        action: `/follow-up/${encodeURIComponent(token)}`,
        courseTitle: form.courseTitle,
        months: form.monthsAfter,
        expires: formatDate(locale, lastDay(form.expiresAt)),
        optedOut: form.optedOut,
        maxText: COMMENT_MAX,
        errors,
        summary: summaryOf(form.questions, errors),
        questions: questionFields(form.questions, state.typed ?? {}, errors),
      },
    });
  }
}
