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
import { translate } from '@cascade/i18n';

import { CoursesService } from '../../modules/courses/courses.service.js';
import { CourseResponseDto } from '../../modules/courses/dto/course.response.dto.js';
import { UpdateEnrollmentDto } from '../../modules/events/dto/enrollment.dto.js';
import { ChangeEventStatusDto } from '../../modules/events/dto/event.dto.js';
import { EventResponseDto } from '../../modules/events/dto/event.response.dto.js';
import { SetEventTrainersDto } from '../../modules/events/dto/event-trainers.dto.js';
import { CreateSessionDto } from '../../modules/events/dto/session.dto.js';
import { EnrollmentStatus } from '../../modules/events/enrollment.entity.js';
import { EnrollmentsService } from '../../modules/events/enrollments.service.js';
import { EVENT_STATUS_TRANSITIONS } from '../../modules/events/event-status.js';
import { EventTrainerRole } from '../../modules/events/event-trainer.entity.js';
import { EventsService } from '../../modules/events/events.service.js';
import { EventsErrorCode } from '../../modules/events/events-error-code.js';
import { SessionsService } from '../../modules/events/sessions.service.js';
import { EventStatus } from '../../modules/events/training-event.entity.js';
import { TraineeRecordsService } from '../../modules/trainee-records/index.js';
import { ListTrainersQueryDto } from '../../modules/trainers/dto/list-trainers-query.dto.js';
import { TrainersService } from '../../modules/trainers/trainers.service.js';
import { dateForEntry, entryTime } from '../layout/date-entry.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { personSummary } from '../layout/person-summary.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formFields, formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { dateLabel, eventDates } from '../trainer/trainer-view.js';
import { type FormState, noForm, OfficerChoices, savedNotice } from './officer-choices.js';

const MAX_TRAINERS = 3;
const SESSION_FIELDS = ['date', 'startTime', 'endTime', 'moduleId'];
const SESSION_ENTRIES = { dates: ['date'], times: ['startTime', 'endTime'] };
/** The event page's 404 is about the event itself: the error page, not a form's message. */
const NOT_THE_FORM = { except: [HttpStatus.NOT_FOUND] };

/** Which of the event page's forms was refused, and why. */
interface EventPageState {
  saved?: string;
  form?: 'session' | 'trainers' | 'status' | 'withdraw';
  /** The enrolment whose withdrawal was refused. */
  enrollmentId?: string;
  state?: FormState;
  status?: number;
}

/**
 * One event's page: its details and roster, its sessions (add, remove), its trainers (up to three,
 * one lead) and its status. Every write goes through the events and sessions services, so an event
 * of another country is a 404 and a refusal shows beside the form it is about.
 */
@ApiExcludeController()
@Controller('officer')
@UseFilters(WebExceptionFilter)
export class OfficerEventController {
  constructor(
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly enrollments: EnrollmentsService,
    private readonly trainers: TrainersService,
    private readonly courses: CoursesService,
    private readonly records: TraineeRecordsService,
    private readonly choices: OfficerChoices,
    private readonly pages: PageRenderer,
  ) {}

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
    const { values, typed } = formFields(body, SESSION_FIELDS, [], SESSION_ENTRIES);
    try {
      await this.sessions.create(user, id, await formDto(CreateSessionDto, values));
      void reply.redirect(`/officer/events/${id}?saved=session`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { error: refused, errors } = formRefusal(error, requestLocale(request), NOT_THE_FORM);
      // An overlap is about the times chosen: shown beside the start time.
      const shown = refused.code === String(EventsErrorCode.SessionOverlap) ? { startTime: errors.form } : errors;
      void reply.send(
        await this.renderEvent(user, id, request, reply, {
          form: 'session',
          state: { errors: shown, typed },
          status: refused.status === HttpStatus.CONFLICT ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
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
      const { errors, status } = formRefusal(error, requestLocale(request), NOT_THE_FORM);
      void reply.send(
        await this.renderEvent(user, id, request, reply, { form: 'session', state: { errors, typed: {} }, status }),
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
      const refusal = formRefusal(error, locale, { ...NOT_THE_FORM, field: (field) => trainerRowField(field, rows) });
      const errors = await this.trainerErrors(user, id, refusal.error, refusal.errors, rows);
      void reply.send(
        await this.renderEvent(user, id, request, reply, {
          form: 'trainers',
          state: { errors, typed },
          status: refusal.status,
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
      const { errors, status } = formRefusal(error, locale, NOT_THE_FORM);
      const state = { errors: { form: Object.values(errors).flat() }, typed: {} };
      void reply.send(await this.renderEvent(user, id, request, reply, { form: 'status', state, status }));
    }
  }

  /** Gives up a trainee's place, with the reason the officer writes beside it. */
  @Post('events/:id/enrollments/:enrollmentId/withdraw')
  @RequirePermission(Permission.EnrollmentsManage)
  @WebForm()
  async withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('enrollmentId', new ParseUUIDPipe()) enrollmentId: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const reason = formText(body, 'reason');
    const refused = (errors: FormErrors, status: number) =>
      this.renderEvent(user, id, request, reply, {
        form: 'withdraw',
        enrollmentId,
        state: { errors, typed: { reason } },
        status,
      });
    if (reason === '') {
      const errors = { reason: [translate(locale, 'web.officer.withdrawal_reason_missing')] };
      return void reply.send(await refused(errors, HttpStatus.BAD_REQUEST));
    }
    try {
      const dto = await formDto(UpdateEnrollmentDto, { status: EnrollmentStatus.Withdrawn, reason });
      await this.enrollments.update(user, id, enrollmentId, dto);
      void reply.redirect(`/officer/events/${id}?saved=withdrawn`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, locale, NOT_THE_FORM);
      void reply.send(await refused(errors.form ? { reason: errors.form, ...errors } : errors, status));
    }
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
    const trainers = (await this.countryTrainers(user, event.countryCode)).map((t) => ({ id: t.id, name: t.fullName }));
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
    const places = await this.records.places(
      roster.map((line) => line.enrollment.trainee),
      locale,
    );
    const place = await this.choices.placeNamer(user, locale);
    const withdrawState = state('withdraw');
    const sessionState = state('session');
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
        saved: savedNotice(page.saved),
        session: sessionState,
        // Shown day first, as typed on a refusal; the first day and a morning slot to begin with.
        sessionForm: {
          date: dateForEntry(sessionState.typed.date ?? event.startDate),
          startTime: entryTime(sessionState.typed.startTime || '09:00'),
          endTime: entryTime(sessionState.typed.endTime || '10:30'),
        },
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
        place: place(event.venue, event.regionCode, event.countryCode),
        roster: roster.map(({ enrollment, fullName }, index) => ({
          id: enrollment.id,
          traineeId: enrollment.traineeId,
          fullName,
          summary: personSummary(locale, enrollment.trainee, places[index]),
          enrolled: enrollment.status === EnrollmentStatus.Enrolled,
          status: translate(locale, `enums.enrollment_status.${enrollment.status}`),
          withdrawalReason: enrollment.withdrawalReason,
          withdraw: page.enrollmentId === enrollment.id ? withdrawState : noForm(),
        })),
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
    messages: FormErrors,
    rows: { trainerId: string; index: number }[],
  ): Promise<FormErrors> {
    if (error.code !== String(EventsErrorCode.TrainerBookingClash)) return messages;
    const event = await this.events.get(user, eventId);
    const named = (await this.countryTrainers(user, event.event.countryCode)).find(
      (t) => t.fullName === error.params.trainer,
    );
    const row = rows.find((r) => r.trainerId === named?.id) ?? rows[0];
    return { [`trainer.${row?.index ?? 0}`]: messages.form ?? [] };
  }

  private async countryTrainers(user: AuthUser, country: string) {
    const query = Object.assign(new ListTrainersQueryDto(), { page: 1, limit: 100, country });
    return (await this.trainers.list(user, query)).items;
  }
}

/** `trainers.1.role` → the page's row of that trainer (blank rows are not sent). */
function trainerRowField(field: string, rows: { index: number }[]): string {
  const match = /^trainers\.(\d+)\./.exec(field);
  const row = match ? rows[Number(match[1])] : undefined;
  return row ? `trainer.${row.index}` : field === 'trainers' ? 'trainer.0' : field;
}
