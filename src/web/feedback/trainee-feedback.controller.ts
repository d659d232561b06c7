import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

import { assertCsrfToken, Public } from '@cascade/auth';
import { AppException, formatDate, formatDateRange } from '@cascade/common';
import { isLocale, type Locale, LOCALE_COOKIE, translate } from '@cascade/i18n';

import {
  FEEDBACK_TEXT_MAX,
  type FeedbackAnswerInput,
  type FeedbackForm,
  FeedbackLinksService,
} from '../../modules/feedback/index.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';

/**
 * Requests a minute per IP address on the trainee's form. A training room shares one address (the
 * venue's Wi-Fi): 25 trainees opening, sending and seeing their saved answer make about 75.
 */
export const FEEDBACK_LIMIT_PER_MINUTE = 120;

/** The last day feedback takes answers (it closes when that day is over). */
const lastDay = (closesAt: Date) => new Date(closesAt.getTime() - 1);

/** What the form sent, read into the service's input: `module.<id>` and `trainer.<id>` ratings. */
function answerInput(body: unknown): FeedbackAnswerInput {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const under = (prefix: string) =>
    Object.fromEntries(
      Object.entries(fields)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, value]) => [name.slice(prefix.length), value]),
    );
  return {
    overall: fields.overall,
    modules: under('module.'),
    trainers: under('trainer.'),
    mostUseful: formText(body, 'mostUseful'),
    missing: formText(body, 'missing'),
  };
}

/**
 * The trainee's feedback form, opened from a personal link or QR code without an account: phone
 * first, in the trainee's language (theirs, else the event's; a language chosen on the page wins),
 * sent when the phone is back online (feedback.js). A link unknown, closed or not yet open gets a
 * page saying so and writes nothing.
 */
@ApiExcludeController()
@Controller('feedback')
@UseFilters(WebExceptionFilter)
@UseGuards(ThrottlerGuard)
@Throttle({ default: { limit: FEEDBACK_LIMIT_PER_MINUTE, ttl: 60_000 } })
export class TraineeFeedbackController {
  constructor(
    private readonly links: FeedbackLinksService,
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
    if (!form) return void reply.send(await this.renderUnknown(request, reply));
    const state = form.state === 'open' ? { saved: saved === '1' } : { status: HttpStatus.OK };
    void reply.send(await this.renderForm(request, reply, token, form, state));
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
    const input = answerInput(body);
    try {
      await this.links.answer(token, input);
    } catch (error) {
      if (error instanceof AppException && error.status === HttpStatus.NOT_FOUND) {
        return void reply.send(await this.renderUnknown(request, reply));
      }
      const form = await this.links.form(token);
      if (!form) return void reply.send(await this.renderUnknown(request, reply));
      const { errors, status } = formRefusal(error, this.localeFor(request, form), {
        field: (field) => field.replace(/^modules\./, 'module.').replace(/^trainers\./, 'trainer.'),
      });
      const typed = { ...(body as Record<string, string>) };
      return void reply.send(await this.renderForm(request, reply, token, form, { errors, status, typed }));
    }
    void reply.redirect(`/feedback/${encodeURIComponent(token)}?saved=1`, HttpStatus.SEE_OTHER);
  }

  /** The trainee's language, unless the visitor chose one on a page (the language switch). */
  private localeFor(request: PageRequest, form: FeedbackForm): Locale {
    const chosen = request.cookies?.[LOCALE_COOKIE];
    return isLocale(chosen) ? chosen : form.locale;
  }

  private renderUnknown(request: PageRequest, reply: FastifyReply): Promise<string> {
    return this.pages.render(request, reply, 'feedback/unknown', {
      titleKey: 'feedback.unknown.title',
      status: HttpStatus.NOT_FOUND,
    });
  }

  private renderForm(
    request: PageRequest,
    reply: FastifyReply,
    token: string,
    form: FeedbackForm,
    state: { saved?: boolean; errors?: FormErrors; status?: number; typed?: Record<string, string> },
  ): Promise<string> {
    const locale = this.localeFor(request, form);
    // The address holds the token: never sent on as a Referer.
    void reply.header('referrer-policy', 'no-referrer');
    const answer = form.answer;
    const typed = state.typed;
    const value = (name: string, saved: number | string | null | undefined) =>
      typed ? (typed[name] ?? '') : saved === null || saved === undefined ? '' : String(saved);
    const errors = state.errors ?? {};
    const labels = new Map<string, string>([
      ['overall', translate(locale, 'feedback.form.overall')],
      ['mostUseful', translate(locale, 'feedback.form.most_useful')],
      ['missing', translate(locale, 'feedback.form.missing')],
      ...form.modules.map((m) => [`module.${m.id}`, m.title] as [string, string]),
      ...form.trainers.map((t) => [`trainer.${t.id}`, t.name] as [string, string]),
    ]);
    const template = { open: 'feedback/form', closed: 'feedback/closed', not_open: 'feedback/not-open' }[form.state];
    return this.pages.render(request, reply, template, {
      titleKey: `feedback.${form.state === 'open' ? 'form' : form.state}.title`,
      status: state.status ?? (form.state === 'open' ? HttpStatus.OK : HttpStatus.CONFLICT),
      locale,
      scripts: form.state === 'open' ? ['feedback.js'] : [],
      model: {
        action: `/feedback/${encodeURIComponent(token)}`,
        courseTitle: form.courseTitle,
        dates: formatDateRange(locale, form.startDate, form.endDate),
        closes: formatDate(locale, lastDay(form.closesAt)),
        opens: formatDate(locale, form.endDate),
        refused: state.status === HttpStatus.CONFLICT,
        saved: state.saved ?? false,
        maxText: FEEDBACK_TEXT_MAX,
        errors,
        summary: Object.keys(errors)
          .filter((name) => name !== 'form')
          .map((name) => ({
            href: `#field-${name.replace('.', '-')}`,
            text: `${labels.get(name) ?? name}: ${errors[name].join(' ')}`,
          })),
        overall: value('overall', answer?.overall),
        modules: form.modules.map((m) => ({
          ...m,
          field: `module.${m.id}`,
          value: value(`module.${m.id}`, answer?.modules[m.id]),
        })),
        trainers: form.trainers.map((t) => ({
          ...t,
          field: `trainer.${t.id}`,
          value: value(`trainer.${t.id}`, answer?.trainers[t.id]),
        })),
        mostUseful: value('mostUseful', answer?.mostUseful),
        missing: value('missing', answer?.missing),
      },
    });
  }
}
