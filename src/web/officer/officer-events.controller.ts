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

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { type AppException, requestLocale } from '@cascade/common';
import { type Locale, SUPPORTED_LOCALES, translate } from '@cascade/i18n';

import { CountriesService } from '../../modules/countries/countries.service.js';
import { CoursesService } from '../../modules/courses/courses.service.js';
import { CourseResponseDto } from '../../modules/courses/dto/course.response.dto.js';
import { ListCoursesQueryDto } from '../../modules/courses/dto/list-courses-query.dto.js';
import { CreateEnrollmentDto } from '../../modules/events/dto/enrollment.dto.js';
import {
  ChangeEventStatusDto,
  CreateEventDto,
  ListEventsQueryDto,
  UpdateEventDto,
} from '../../modules/events/dto/event.dto.js';
import { EventResponseDto, EventSummaryDto } from '../../modules/events/dto/event.response.dto.js';
import { SetEventTrainersDto } from '../../modules/events/dto/event-trainers.dto.js';
import { CreateSessionDto } from '../../modules/events/dto/session.dto.js';
import { EnrollmentsService } from '../../modules/events/enrollments.service.js';
import { EVENT_STATUS_TRANSITIONS } from '../../modules/events/event-status.js';
import { EventTrainerRole } from '../../modules/events/event-trainer.entity.js';
import { EventsService } from '../../modules/events/events.service.js';
import { EventsErrorCode } from '../../modules/events/events-error-code.js';
import { SessionsService } from '../../modules/events/sessions.service.js';
import { EventStatus } from '../../modules/events/training-event.entity.js';
import { ReferenceService } from '../../modules/reference/reference.service.js';
import { InstructionLanguage, Profession, Sex } from '../../modules/reference/vocabulary.js';
import { CreateTraineeDto } from '../../modules/trainees/dto/create-trainee.dto.js';
import { ListTraineesQueryDto } from '../../modules/trainees/dto/list-trainees-query.dto.js';
import { DuplicatesErrorCode } from '../../modules/trainees/duplicates/duplicates-error-code.js';
import { TraineesService } from '../../modules/trainees/trainees.service.js';
import { ListTrainersQueryDto } from '../../modules/trainers/dto/list-trainers-query.dto.js';
import { TrainersService } from '../../modules/trainers/trainers.service.js';
import { fieldMessages, type FormErrors } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { dateLabel, eventDates, today } from '../trainer/trainer-view.js';
import { formDto, formFields, isFormRefusal } from './officer-forms.js';
import { isMonth, monthBounds, monthGrid, monthLabel, shiftMonth, weekdayNames } from './officer-view.js';

const EVENTS_PAGE = 20;
const MAX_TRAINERS = 3;
const SEARCH_RESULTS = 20;

const EVENT_FIELDS = ['courseId', 'countryCode', 'regionCode', 'venue', 'language', 'startDate', 'endDate', 'capacity'];
const EDIT_FIELDS = ['regionCode', 'venue', 'language', 'startDate', 'endDate', 'capacity'];
const SESSION_FIELDS = ['date', 'startTime', 'endTime', 'moduleId'];
const TRAINEE_FIELDS = ['fullName', 'sex', 'profession', 'regionCode'];

/** What a form sent back shows again: the messages by field and what was typed. */
interface FormState {
  errors: FormErrors;
  typed: Record<string, string>;
}

const noForm = (): FormState => ({ errors: {}, typed: {} });

/** Which of the event page's forms was refused, and why. */
interface EventPageState {
  saved?: string;
  form?: 'session' | 'trainers' | 'status';
  state?: FormState;
  status?: number;
}

/**
 * The program officer's events: list and month calendar, create and edit an event, its sessions,
 * trainers and status, and enrolling trainees (with the duplicate warning when registering one).
 * Every read and write goes through the events, sessions, enrolments and trainees services, so a
 * page shows and accepts exactly what the API would: an event of another country is a 404.
 */
@ApiExcludeController()
@Controller('officer')
@UseFilters(WebExceptionFilter)
export class OfficerEventsController {
  constructor(
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly enrollments: EnrollmentsService,
    private readonly trainees: TraineesService,
    private readonly trainers: TrainersService,
    private readonly courses: CoursesService,
    private readonly countries: CountriesService,
    private readonly reference: ReferenceService,
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
    const { values, typed } = formFields(raw, ['country', 'status', 'from', 'to', 'page'], ['page']);
    let errors: FormErrors = {};
    let query: ListEventsQueryDto;
    try {
      query = await formDto(ListEventsQueryDto, { ...values, limit: EVENTS_PAGE });
      if (query.from && query.to && query.from > query.to)
        errors = { to: [translate(locale, 'validation.period_reversed')] };
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      errors = fieldMessages(error, locale);
      query = Object.assign(new ListEventsQueryDto(), { page: 1, limit: EVENTS_PAGE });
    }
    if (Object.keys(errors).length > 0)
      query = Object.assign(new ListEventsQueryDto(), { page: 1, limit: EVENTS_PAGE });
    query.sort = 'startDate';
    const page = await this.events.list(user, query);
    const events = page.items.map((listing) => ({
      ...EventSummaryDto.from(listing, locale),
      dates: eventDates(locale, listing.event.startDate, listing.event.endDate),
    }));
    const filters = new URLSearchParams(Object.entries(typed).filter(([k, v]) => v !== '' && k !== 'page'));
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
          filters: typed,
          errors,
          countries: await this.countryOptions(user, locale),
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
    const countries = await this.countryOptions(user, locale);
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
    const { values, typed } = formFields(body, EVENT_FIELDS, ['capacity']);
    try {
      const detail = await this.events.create(user, await formDto(CreateEventDto, values));
      void reply.redirect(`/officer/events/${detail.event.id}?saved=created`, HttpStatus.SEE_OTHER);
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const state = { errors: fieldMessages(error, requestLocale(request)), typed };
      void reply.send(await this.renderEventForm(user, request, reply, null, state, HttpStatus.BAD_REQUEST));
    }
  }

  @Get('events/:id')
  @RequirePermission(Permission.EventsManage)
  async event(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    void reply.send(await this.renderEvent(user, id, request, reply, { saved }));
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
    const { values, typed } = formFields(body, EDIT_FIELDS, ['capacity']);
    try {
      // A blank region clears it.
      const dto = await formDto(UpdateEventDto, { ...values, regionCode: values.regionCode ?? null });
      await this.events.update(user, id, dto, locale);
      void reply.redirect(`/officer/events/${id}?saved=updated`, HttpStatus.SEE_OTHER);
    } catch (error) {
      if (!isFormRefusal(error) || error.status === HttpStatus.NOT_FOUND) throw error;
      const event = EventResponseDto.fromDetail(await this.events.get(user, id), locale);
      const state = { errors: fieldMessages(error, locale), typed };
      void reply.send(await this.renderEventForm(user, request, reply, event, state, HttpStatus.BAD_REQUEST));
    }
  }

  @Post('events/:id/sessions')
  @RequirePermission(Permission.EventsManage)
  @WebForm()
  async addSession(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { values, typed } = formFields(body, SESSION_FIELDS);
    try {
      await this.sessions.create(user, id, await formDto(CreateSessionDto, values));
      void reply.redirect(`/officer/events/${id}?saved=session`, HttpStatus.SEE_OTHER);
    } catch (error) {
      if (!isFormRefusal(error) || error.status === HttpStatus.NOT_FOUND) throw error;
      const locale = requestLocale(request);
      // An overlap is about the times chosen: shown beside the start time.
      const errors =
        error.code === String(EventsErrorCode.SessionOverlap)
          ? { startTime: fieldMessages(error, locale).form }
          : fieldMessages(error, locale);
      void reply.send(
        await this.renderEvent(user, id, request, reply, {
          form: 'session',
          state: { errors, typed },
          status: error.status === HttpStatus.CONFLICT ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
        }),
      );
    }
  }

  @Post('events/:id/sessions/:sessionId/remove')
  @RequirePermission(Permission.EventsManage)
  @WebForm()
  async removeSession(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.sessions.remove(user, id, sessionId);
      void reply.redirect(`/officer/events/${id}?saved=session_removed`, HttpStatus.SEE_OTHER);
    } catch (error) {
      if (!isFormRefusal(error) || error.status === HttpStatus.NOT_FOUND) throw error;
      const state = { errors: fieldMessages(error, requestLocale(request)), typed: {} };
      void reply.send(
        await this.renderEvent(user, id, request, reply, { form: 'session', state, status: Number(error.status) }),
      );
    }
  }

  /** The whole list of trainers: up to three rows, a blank row dropped, exactly one lead. */
  @Post('events/:id/trainers')
  @RequirePermission(Permission.EventsManage)
  @WebForm()
  async setTrainers(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const typed: Record<string, string> = {};
    const rows: { trainerId: string; role: string; index: number }[] = [];
    for (let index = 0; index < MAX_TRAINERS; index++) {
      const trainerId = formText(body, `trainer.${index}`);
      const role = formText(body, `role.${index}`);
      typed[`trainer.${index}`] = trainerId;
      typed[`role.${index}`] = role;
      if (trainerId) rows.push({ trainerId, role, index });
    }
    try {
      const dto = await formDto(SetEventTrainersDto, {
        trainers: rows.map(({ trainerId, role }) => ({ trainerId, role })),
      });
      await this.events.setTrainers(user, id, dto, locale);
      void reply.redirect(`/officer/events/${id}?saved=trainers`, HttpStatus.SEE_OTHER);
    } catch (error) {
      if (!isFormRefusal(error) || error.status === HttpStatus.NOT_FOUND) throw error;
      const errors = await this.trainerErrors(user, id, error, rows, locale);
      void reply.send(
        await this.renderEvent(user, id, request, reply, {
          form: 'trainers',
          state: { errors, typed },
          status: Number(error.status),
        }),
      );
    }
  }

  @Post('events/:id/status')
  @RequirePermission(Permission.EventsManage)
  @WebForm()
  async changeStatus(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    try {
      const dto = await formDto(ChangeEventStatusDto, { status: formText(body, 'status') });
      await this.events.changeStatus(user, id, dto, locale);
      void reply.redirect(`/officer/events/${id}?saved=status`, HttpStatus.SEE_OTHER);
    } catch (error) {
      if (!isFormRefusal(error) || error.status === HttpStatus.NOT_FOUND) throw error;
      const messages = fieldMessages(error, locale);
      const state = { errors: { form: Object.values(messages).flat() }, typed: {} };
      void reply.send(
        await this.renderEvent(user, id, request, reply, { form: 'status', state, status: Number(error.status) }),
      );
    }
  }

  @Get('events/:id/enrol')
  @RequirePermission(Permission.EnrollmentsManage)
  async enrolPage(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('q') search?: string,
    @Query('saved') saved?: string,
  ): Promise<void> {
    void reply.send(
      await this.renderEnrol(user, id, request, reply, { search: (search ?? '').trim().slice(0, 100), saved }),
    );
  }

  @Post('events/:id/enrol')
  @RequirePermission(Permission.EnrollmentsManage)
  @WebForm()
  async enrol(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const search = formText(body, 'q');
    try {
      await this.enrollments.enroll(
        user,
        id,
        await formDto(CreateEnrollmentDto, { traineeId: formText(body, 'traineeId') }),
      );
      void reply.redirect(
        `/officer/events/${id}/enrol?${new URLSearchParams({ q: search, saved: 'enrolled' }).toString()}`,
        HttpStatus.SEE_OTHER,
      );
    } catch (error) {
      if (!isFormRefusal(error) || error.status === HttpStatus.NOT_FOUND) throw error;
      const messages = fieldMessages(error, requestLocale(request));
      void reply.send(
        await this.renderEnrol(user, id, request, reply, {
          search,
          enrolErrors: Object.values(messages).flat(),
          status: Number(error.status),
        }),
      );
    }
  }

  /**
   * Registers a new trainee of the event's country and enrols them. Recorded trainees who look
   * like the same person come back as a warning (the API's 409 possible_duplicates): the officer
   * enrols one of them instead, or confirms a different person ("not a duplicate").
   */
  @Post('events/:id/register')
  @RequirePermission(Permission.EnrollmentsManage)
  @WebForm()
  async register(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const event = await this.events.get(user, id);
    const { values, typed } = formFields(body, TRAINEE_FIELDS);
    const consent = formText(body, 'consentGiven') === 'true';
    const notDuplicate = formText(body, 'notDuplicate') === 'true';
    typed.consentGiven = consent ? 'true' : '';
    try {
      const dto = await formDto(CreateTraineeDto, {
        ...values,
        countryCode: event.event.countryCode,
        consentGiven: consent,
        ...(notDuplicate ? { notDuplicate: true } : {}),
      });
      const trainee = await this.trainees.create(user, dto);
      await this.enrollments.enroll(user, id, { traineeId: trainee.id });
      void reply.redirect(`/officer/events/${id}/enrol?saved=registered`, HttpStatus.SEE_OTHER);
    } catch (error) {
      if (!isFormRefusal(error) || error.status === HttpStatus.NOT_FOUND) throw error;
      const duplicates =
        error.code === String(DuplicatesErrorCode.PossibleDuplicates)
          ? ((error.details.candidates ?? []) as {
              traineeId: string;
              fullName: string | null;
              latinName: string | null;
            }[])
          : null;
      void reply.send(
        await this.renderEnrol(user, id, request, reply, {
          search: '',
          register: { errors: duplicates ? {} : fieldMessages(error, locale), typed },
          duplicates,
          status: Number(error.status),
        }),
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
    const fields = event
      ? {
          regionCode: value('regionCode', event.regionCode),
          venue: value('venue', event.venue),
          language: value('language', event.language),
          startDate: value('startDate', event.startDate),
          endDate: value('endDate', event.endDate),
          capacity: value('capacity', event.capacity),
        }
      : Object.fromEntries(EVENT_FIELDS.map((f) => [f, state.typed[f] ?? (f === 'capacity' ? '25' : '')]));
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
        countries: await this.countryOptions(user, locale),
        regions: await this.regionOptions(user, locale, event?.countryCode),
        languages: languageOptions(),
      },
    });
  }

  private async renderEvent(
    user: AuthUser,
    id: string,
    request: PageRequest,
    reply: FastifyReply,
    page: EventPageState,
  ): Promise<string> {
    const locale = requestLocale(request);
    const detail = await this.events.get(user, id);
    const event = EventResponseDto.fromDetail(detail, locale);
    const course = await this.courses.get(event.courseId);
    const modules = CourseResponseDto.from(course, course.modules ?? [], locale).modules;
    const roster = await this.enrollments.roster(user, id);
    const trainerQuery = Object.assign(new ListTrainersQueryDto(), { page: 1, limit: 100, country: event.countryCode });
    const trainers = (await this.trainers.list(user, trainerQuery)).items.map((t) => ({ id: t.id, name: t.fullName }));
    const state = (form: EventPageState['form']) => (page.form === form && page.state ? page.state : noForm());
    const trainersState = state('trainers');
    const trainerRows = Array.from({ length: MAX_TRAINERS }, (_, index) => {
      const booked = event.trainers[index];
      const typedId = trainersState.typed[`trainer.${index}`];
      return {
        index,
        trainerId: typedId ?? booked?.trainerId ?? '',
        role:
          trainersState.typed[`role.${index}`] ||
          booked?.role ||
          (index === 0 ? EventTrainerRole.Lead : EventTrainerRole.CoTrainer),
      };
    });
    return this.pages.render(request, reply, 'officer/event', {
      titleKey: 'web.officer.event_title',
      titleParams: { course: event.courseTitle },
      status: page.status,
      model: {
        event,
        dates: eventDates(locale, event.startDate, event.endDate),
        languageName: translate(event.language, 'web.language.name'),
        sessions: event.sessions.map((s) => ({ ...s, dateLabel: dateLabel(locale, s.date) })),
        modules,
        saved: page.saved && /^[a-z_]+$/.test(page.saved) ? `web.officer.saved_${page.saved}` : null,
        session: state('session'),
        sessionDefault: event.startDate,
        trainersForm: trainersState,
        trainerRows,
        trainerOptions: trainers,
        roles: Object.values(EventTrainerRole).map((role) => ({
          value: role,
          label: translate(locale, `enums.event_trainer_role.${role}`),
        })),
        statusForm: state('status'),
        transitions: EVENT_STATUS_TRANSITIONS[event.status].map((status) => ({
          value: status,
          label: translate(locale, `web.officer.move_to_${status}`),
        })),
        open: event.status === EventStatus.Planned || event.status === EventStatus.Ongoing,
        roster: roster.map(({ enrollment, fullName }) => ({
          id: enrollment.id,
          fullName,
          status: translate(locale, `enums.enrollment_status.${enrollment.status}`),
        })),
      },
    });
  }

  private async renderEnrol(
    user: AuthUser,
    id: string,
    request: PageRequest,
    reply: FastifyReply,
    page: {
      search: string;
      saved?: string;
      enrolErrors?: string[];
      register?: FormState;
      duplicates?: { traineeId: string; fullName: string | null; latinName: string | null }[] | null;
      status?: number;
    },
  ): Promise<string> {
    const locale = requestLocale(request);
    const event = EventResponseDto.fromDetail(await this.events.get(user, id), locale);
    const enrolled = new Set((await this.enrollments.roster(user, id)).map((line) => line.enrollment.traineeId));
    let results: { id: string; fullName: string | null; latinName: string | null; enrolled: boolean }[] | null = null;
    if (page.search.length > 0) {
      const query = Object.assign(new ListTraineesQueryDto(), {
        page: 1,
        limit: SEARCH_RESULTS,
        country: event.countryCode,
        search: page.search,
      });
      results = (await this.trainees.list(user, query)).items.map((trainee) => ({
        id: trainee.id,
        fullName: trainee.fullName,
        latinName: trainee.latinName,
        enrolled: enrolled.has(trainee.id),
      }));
    }
    const register = page.register ?? noForm();
    return this.pages.render(request, reply, 'officer/enrol', {
      titleKey: 'web.officer.enrol_title',
      titleParams: { course: event.courseTitle },
      status: page.status,
      model: {
        event,
        dates: eventDates(locale, event.startDate, event.endDate),
        search: page.search,
        results,
        saved: page.saved && /^[a-z_]+$/.test(page.saved) ? `web.officer.saved_${page.saved}` : null,
        enrolErrors: page.enrolErrors ?? [],
        register,
        duplicates: page.duplicates ?? null,
        sexes: Object.values(Sex).map((value) => ({ value, label: translate(locale, `enums.sex.${value}`) })),
        professions: Object.values(Profession).map((value) => ({
          value,
          label: translate(locale, `enums.profession.${value}`),
        })),
        regions: await this.regionOptions(user, locale, event.countryCode),
      },
    });
  }

  /**
   * A refused list of trainers, beside the row it is about: a booking clash (409) beside the row
   * of the trainer it names, a rule about the list as a whole beside the first row.
   */
  private async trainerErrors(
    user: AuthUser,
    eventId: string,
    error: AppException,
    rows: { trainerId: string; index: number }[],
    locale: Locale,
  ): Promise<FormErrors> {
    const messages = fieldMessages(error, locale, (field) => {
      const match = /^trainers\.(\d+)\./.exec(field);
      const row = match ? rows[Number(match[1])] : undefined;
      return row ? `trainer.${row.index}` : field === 'trainers' ? 'trainer.0' : field;
    });
    if (error.code === String(EventsErrorCode.TrainerBookingClash)) {
      const event = await this.events.get(user, eventId);
      const query = Object.assign(new ListTrainersQueryDto(), {
        page: 1,
        limit: 100,
        country: event.event.countryCode,
      });
      const named = (await this.trainers.list(user, query)).items.find((t) => t.fullName === error.params.trainer);
      const row = rows.find((r) => r.trainerId === named?.id) ?? rows[0];
      return { [`trainer.${row?.index ?? 0}`]: messages.form ?? [] };
    }
    return messages;
  }

  private async countryOptions(user: AuthUser, locale: Locale): Promise<{ code: string; name: string }[]> {
    return (await this.countries.list(user)).map((c) => ({ code: c.code, name: c.names[locale] ?? c.code }));
  }

  /** Regions of the user's countries (or of one country), grouped by country for the select. */
  private async regionOptions(
    user: AuthUser,
    locale: Locale,
    country?: string,
  ): Promise<{ code: string; name: string; regions: { code: string; name: string }[] }[]> {
    const countries = (await this.countryOptions(user, locale)).filter((c) => !country || c.code === country);
    const regions = await this.reference.listRegions(user, country);
    return countries.map((c) => ({
      ...c,
      regions: regions
        .filter((r) => r.countryCode === c.code)
        .map((r) => ({ code: r.code, name: r.names[locale] ?? r.code })),
    }));
  }
}

/** Languages of instruction, each named in itself (they are the locales of the pages). */
function languageOptions(): { value: InstructionLanguage; name: string; lang: string }[] {
  return Object.values(InstructionLanguage)
    .filter((value) => (SUPPORTED_LOCALES as readonly string[]).includes(value))
    .map((value) => ({ value, name: translate(value as Locale, 'web.language.name'), lang: value }));
}

function statusOptions(locale: Locale): { value: string; label: string }[] {
  return Object.values(EventStatus).map((value) => ({
    value,
    label: translate(locale, `enums.event_status.${value}`),
  }));
}
