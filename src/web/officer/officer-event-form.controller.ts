import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { requestLocale } from '@cascade/common';

import { CoursesService } from '../../modules/courses/courses.service.js';
import { CourseResponseDto } from '../../modules/courses/dto/course.response.dto.js';
import { ListCoursesQueryDto } from '../../modules/courses/dto/list-courses-query.dto.js';
import { CreateEventDto, UpdateEventDto } from '../../modules/events/dto/event.dto.js';
import { EventResponseDto } from '../../modules/events/dto/event.response.dto.js';
import { EventsService } from '../../modules/events/events.service.js';
import { dateForEntry } from '../layout/date-entry.js';
import { formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formFields, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { type FormState, languageOptions, noForm, OfficerChoices } from './officer-choices.js';

const EVENT_FIELDS = ['courseId', 'countryCode', 'regionCode', 'venue', 'language', 'startDate', 'endDate', 'capacity'];
const EDIT_FIELDS = ['regionCode', 'venue', 'language', 'startDate', 'endDate', 'capacity'];
const DATES = { dates: ['startDate', 'endDate'] };

/**
 * The event form: planning a new event and editing one's place, dates and capacity. The events
 * service checks every rule and the officer's countries; a refusal shows beside its field.
 */
@ApiExcludeController()
@Controller('officer')
@UseFilters(WebExceptionFilter)
export class OfficerEventFormController {
  constructor(
    private readonly events: EventsService,
    private readonly courses: CoursesService,
    private readonly choices: OfficerChoices,
    private readonly pages: PageRenderer,
  ) {}

  @Get('events/new')
  @RequirePermission(Permission.EventsManage)
  async newEvent(
    @CurrentUser() user: AuthUser,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.send(await this.renderEventForm(user, request, reply, null, noForm()));
  }

  @Post('events')
  @RequirePermission(Permission.EventsManage)
  @WebForm()
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { values, typed } = formFields(body, EVENT_FIELDS, ['capacity'], DATES);
    try {
      const detail = await this.events.create(user, await formDto(CreateEventDto, values));
      void reply.redirect(`/officer/events/${detail.event.id}?saved=created`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors } = formRefusal(error, requestLocale(request));
      void reply.send(
        await this.renderEventForm(user, request, reply, null, { errors, typed }, HttpStatus.BAD_REQUEST),
      );
    }
  }

  @Get('events/:id/edit')
  @RequirePermission(Permission.EventsManage)
  async editEvent(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const event = EventResponseDto.fromDetail(await this.events.get(user, id), requestLocale(request));
    void reply.send(await this.renderEventForm(user, request, reply, event, noForm()));
  }

  @Post('events/:id/edit')
  @RequirePermission(Permission.EventsManage)
  @WebForm()
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const { values, typed } = formFields(body, EDIT_FIELDS, ['capacity'], DATES);
    try {
      // A blank region clears it.
      const dto = await formDto(UpdateEventDto, { ...values, regionCode: values.regionCode ?? null });
      await this.events.update(user, id, dto, locale);
      void reply.redirect(`/officer/events/${id}?saved=updated`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors } = formRefusal(error, locale, { except: [HttpStatus.NOT_FOUND] });
      const event = EventResponseDto.fromDetail(await this.events.get(user, id), locale);
      void reply.send(
        await this.renderEventForm(user, request, reply, event, { errors, typed }, HttpStatus.BAD_REQUEST),
      );
    }
  }

  private async renderEventForm(
    user: AuthUser,
    request: PageRequest,
    reply: FastifyReply,
    event: EventResponseDto | null,
    state: FormState,
    status?: number,
  ): Promise<string> {
    const locale = requestLocale(request);
    const value = (field: string, current: string | number | null | undefined) =>
      state.typed[field] ?? (current === null || current === undefined ? '' : String(current));
    const shown = event
      ? {
          regionCode: value('regionCode', event.regionCode),
          venue: value('venue', event.venue),
          language: value('language', event.language),
          startDate: value('startDate', event.startDate),
          endDate: value('endDate', event.endDate),
          capacity: value('capacity', event.capacity),
        }
      : Object.fromEntries(EVENT_FIELDS.map((f) => [f, state.typed[f] ?? (f === 'capacity' ? '25' : '')]));
    // Dates day first, whatever was typed or stored (a refused entry as typed).
    const fields = { ...shown, startDate: dateForEntry(shown.startDate), endDate: dateForEntry(shown.endDate) };
    const courseQuery = Object.assign(new ListCoursesQueryDto(), { page: 1, limit: 100, active: true });
    const courses = event
      ? []
      : (await this.courses.list(courseQuery)).items
          .map((course) => ({ id: course.id, title: CourseResponseDto.from(course, [], locale).title }))
          .sort((a, b) => a.title.localeCompare(b.title, locale));
    return this.pages.render(request, reply, 'officer/event-form', {
      titleKey: event ? 'web.officer.edit_event_title' : 'web.officer.new_event_title',
      titleParams: event ? { course: event.courseTitle } : undefined,
      status,
      model: {
        event,
        fields,
        errors: state.errors,
        courses,
        countries: await this.choices.countries(user, locale),
        regions: await this.choices.regions(user, locale, event?.countryCode),
        languages: languageOptions(),
      },
    });
  }
}
