import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import QRCode from 'qrcode';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { formatDate, requestLocale } from '@cascade/common';

import { EventResponseDto } from '../../modules/events/dto/event.response.dto.js';
import { EventsService } from '../../modules/events/events.service.js';
import {
  FeedbackLinksService,
  FeedbackResultsService,
  MIN_ANSWERS_SHOWN_TO_TRAINERS,
} from '../../modules/feedback/index.js';
import { dateForEntry, entryDate } from '../layout/date-entry.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { eventDates } from '../trainer/trainer-view.js';

/** Where a page of this area sits: the officer's event pages or the trainer's. */
type Area = 'officer' | 'trainer';

const lastDay = (closesAt: Date) => new Date(closesAt.getTime() - 1).toISOString().slice(0, 10);

/**
 * An event's feedback for the people who run it. Officers: averages, response rate, the written
 * answers and the closing date. Trainers (their events only): averages from five answers up. Both:
 * the enrollees' personal links and QR codes as printable slips.
 */
@ApiExcludeController()
@Controller()
@UseFilters(WebExceptionFilter)
export class FeedbackResultsPagesController {
  constructor(
    private readonly events: EventsService,
    private readonly links: FeedbackLinksService,
    private readonly results: FeedbackResultsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('officer/events/:eventId/feedback')
  @RequirePermission(Permission.FeedbackManage)
  async officerResults(
    @CurrentUser() user: AuthUser,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Query('saved') saved: string | undefined,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.send(await this.renderResults('officer', user, eventId, request, reply, { saved: saved === '1' }));
  }

  @Post('officer/events/:eventId/feedback/closing')
  @RequirePermission(Permission.FeedbackManage)
  @WebForm()
  async setClosing(
    @CurrentUser() user: AuthUser,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Body() body: unknown,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const closesOn = formText(body, 'closesOn');
    try {
      await this.results.setClosingDate(user, eventId, entryDate(closesOn));
    } catch (error) {
      const { errors, status } = formRefusal(error, requestLocale(request), { except: [404] });
      return void reply.send(
        await this.renderResults('officer', user, eventId, request, reply, { errors, status, closesOn }),
      );
    }
    void reply.redirect(`/officer/events/${eventId}/feedback?saved=1`, HttpStatus.SEE_OTHER);
  }

  @Get('trainer/events/:eventId/feedback')
  @RequirePermission(Permission.FeedbackRead)
  async trainerResults(
    @CurrentUser() user: AuthUser,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.send(await this.renderResults('trainer', user, eventId, request, reply, {}));
  }

  @Get('officer/events/:eventId/feedback/slips')
  @RequirePermission(Permission.FeedbackManage)
  async officerSlips(
    @CurrentUser() user: AuthUser,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.send(await this.renderSlips('officer', user, eventId, request, reply));
  }

  @Get('trainer/events/:eventId/feedback/slips')
  @RequirePermission(Permission.FeedbackRead)
  async trainerSlips(
    @CurrentUser() user: AuthUser,
    @Param('eventId', ParseUUIDPipe) eventId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.send(await this.renderSlips('trainer', user, eventId, request, reply));
  }

  private async renderResults(
    area: Area,
    user: AuthUser,
    eventId: string,
    request: PageRequest,
    reply: FastifyReply,
    state: { saved?: boolean; errors?: FormErrors; status?: number; closesOn?: string },
  ): Promise<string> {
    const locale = requestLocale(request);
    const event = EventResponseDto.fromDetail(await this.events.get(user, eventId), locale);
    const results = await this.results.eventResults(user, eventId, locale);
    return this.pages.render(request, reply, 'feedback/results', {
      titleKey: 'feedback.results.title',
      status: state.status,
      model: {
        area,
        event,
        dates: eventDates(locale, event.startDate, event.endDate),
        results,
        ratePercent: results.responseRate === null ? null : Math.round(results.responseRate * 100),
        closes: formatDate(locale, lastDay(results.closesAt)),
        // Typed day first, as every date field of the pages; a refused one shown as typed.
        closesOn: state.closesOn ?? dateForEntry(lastDay(results.closesAt)),
        min: MIN_ANSWERS_SHOWN_TO_TRAINERS,
        saved: state.saved ?? false,
        errors: state.errors ?? {},
      },
    });
  }

  private async renderSlips(
    area: Area,
    user: AuthUser,
    eventId: string,
    request: PageRequest,
    reply: FastifyReply,
  ): Promise<string> {
    const locale = requestLocale(request);
    const event = EventResponseDto.fromDetail(await this.events.get(user, eventId), locale);
    const slips = await this.links.slips(user, eventId);
    const withCodes = await Promise.all(
      slips.map(async (slip) => ({
        ...slip,
        // An SVG drawn here from the link alone: no script, no request to anyone else.
        qr: await QRCode.toString(slip.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
      })),
    );
    // The page holds personal links: never kept by a shared cache, never sent on as a Referer.
    void reply.header('referrer-policy', 'no-referrer');
    return this.pages.render(request, reply, 'feedback/slips', {
      titleKey: 'feedback.slips.title',
      model: { area, event, dates: eventDates(locale, event.startDate, event.endDate), slips: withCodes },
    });
  }
}
