import { Controller, Get, HttpStatus, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { requestLocale } from '@cascade/common';
import { translate } from '@cascade/i18n';

import { ListEventsQueryDto } from '../../modules/events/dto/event.dto.js';
import { EventSummaryDto } from '../../modules/events/dto/event.response.dto.js';
import { EventsService } from '../../modules/events/events.service.js';
import { dateForEntry, entryDate } from '../layout/date-entry.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formFields } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { eventDates, today } from '../trainer/trainer-view.js';
import { OfficerChoices, statusOptions } from './officer-choices.js';
import { isMonth, monthBounds, monthGrid, monthLabel, shiftMonth, weekdayNames } from './officer-view.js';

const EVENTS_PAGE = 20;
const FILTERS = ['search', 'country', 'status', 'from', 'to', 'page'];
const FILTER_DATES = { dates: ['from', 'to'] };

/**
 * The program officer's events as a list (filtered, a page at a time) and as a month calendar.
 * Reads go through the events service, so a page shows exactly what the API would.
 */
@ApiExcludeController()
@Controller('officer')
@UseFilters(WebExceptionFilter)
export class OfficerEventsController {
  constructor(
    private readonly events: EventsService,
    private readonly choices: OfficerChoices,
    private readonly pages: PageRenderer,
  ) {}

  @Get('events')
  @RequirePermission(Permission.EventsManage)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() raw: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const { values, typed } = formFields(raw, FILTERS, ['page'], FILTER_DATES);
    let errors: FormErrors = {};
    let query: ListEventsQueryDto;
    try {
      query = await formDto(ListEventsQueryDto, { ...values, limit: EVENTS_PAGE });
      if (query.from && query.to && query.from > query.to)
        errors = { to: [translate(locale, 'validation.period_reversed')] };
    } catch (error) {
      errors = formRefusal(error, locale).errors;
      query = Object.assign(new ListEventsQueryDto(), { page: 1, limit: EVENTS_PAGE });
    }
    if (Object.keys(errors).length > 0)
      query = Object.assign(new ListEventsQueryDto(), { page: 1, limit: EVENTS_PAGE });
    // Upcoming first (the soonest on top), then the ended ones, the latest first.
    query.sort = 'upcoming';
    const page = await this.events.list(user, query);
    const countries = await this.choices.countries(user, locale);
    const place = await this.choices.placeNamer(user, locale);
    const events = page.items.map((listing) => ({
      ...EventSummaryDto.from(listing, locale),
      dates: eventDates(locale, listing.event.startDate, listing.event.endDate),
      place: place(listing.event.venue, listing.event.regionCode, listing.event.countryCode),
    }));
    // The pages' links carry the dates as YYYY-MM-DD, as any link to the list may.
    const linked = { ...typed, from: entryDate(typed.from), to: entryDate(typed.to) };
    const filters = new URLSearchParams(Object.entries(linked).filter(([k, v]) => v !== '' && k !== 'page'));
    const pageUrl = (n: number) =>
      `/officer/events?${new URLSearchParams([...filters, ['page', String(n)]]).toString()}`;
    const pages = Math.max(1, Math.ceil(page.total / page.limit));
    void reply.send(
      await this.pages.render(request, reply, 'officer/events', {
        titleKey: 'web.officer.events_title',
        status: Object.keys(errors).length > 0 ? HttpStatus.BAD_REQUEST : undefined,
        model: {
          events,
          total: page.total,
          filters: { ...typed, from: dateForEntry(typed.from), to: dateForEntry(typed.to) },
          errors,
          countries,
          statuses: statusOptions(locale),
          pager: {
            page: page.page,
            pages,
            previous: page.page > 1 ? pageUrl(page.page - 1) : null,
            next: page.page < pages ? pageUrl(page.page + 1) : null,
          },
        },
      }),
    );
  }

  @Get('calendar')
  @RequirePermission(Permission.EventsManage)
  async calendar(
    @CurrentUser() user: AuthUser,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('month') monthParam?: string,
    @Query('country') countryParam?: string,
  ): Promise<void> {
    const locale = requestLocale(request);
    const month = monthParam && isMonth(monthParam) ? monthParam : today().slice(0, 7);
    const countries = await this.choices.countries(user, locale);
    const country = countries.find((c) => c.code === countryParam)?.code;
    const { first, last } = monthBounds(month);
    const query = Object.assign(new ListEventsQueryDto(), { page: 1, limit: 100, from: first, to: last, country });
    query.sort = 'startDate';
    const events = (await this.events.list(user, query)).items.map((listing) => EventSummaryDto.from(listing, locale));
    const link = (m: string) =>
      `/officer/calendar?${new URLSearchParams({ month: m, ...(country ? { country } : {}) }).toString()}`;
    void reply.send(
      await this.pages.render(request, reply, 'officer/calendar', {
        titleKey: 'web.officer.calendar_title',
        model: {
          month,
          monthName: monthLabel(locale, month),
          weeks: monthGrid(month, events),
          weekdays: weekdayNames(locale),
          today: today(),
          countries,
          country: country ?? '',
          previous: link(shiftMonth(month, -1)),
          next: link(shiftMonth(month, 1)),
          events,
        },
      }),
    );
  }
}
