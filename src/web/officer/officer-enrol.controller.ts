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
import { requestLocale } from '@cascade/common';
import { translate } from '@cascade/i18n';

import { CreateEnrollmentDto } from '../../modules/events/dto/enrollment.dto.js';
import { EventResponseDto } from '../../modules/events/dto/event.response.dto.js';
import { EnrollmentsService } from '../../modules/events/enrollments.service.js';
import { EventsService } from '../../modules/events/events.service.js';
import { Profession, Sex } from '../../modules/reference/vocabulary.js';
import { TraineeRecordsService } from '../../modules/trainee-records/index.js';
import { CreateTraineeDto } from '../../modules/trainees/dto/create-trainee.dto.js';
import { ListTraineesQueryDto } from '../../modules/trainees/dto/list-trainees-query.dto.js';
import { DuplicatesErrorCode } from '../../modules/trainees/duplicates/duplicates-error-code.js';
import { TraineesService } from '../../modules/trainees/trainees.service.js';
import { formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { type PersonSummary, personSummary } from '../layout/person-summary.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formFields, formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { eventDates } from '../trainer/trainer-view.js';
import { type FormState, noForm, OfficerChoices, savedNotice } from './officer-choices.js';

const SEARCH_RESULTS = 20;
const TRAINEE_FIELDS = ['fullName', 'sex', 'profession', 'regionCode'];
/** The page's 404 is about the event itself: the error page, not a form's message. */
const NOT_THE_FORM = { except: [HttpStatus.NOT_FOUND] };

/** A recorded trainee who may be the one being registered (the API's 409 possible_duplicates). */
interface DuplicateCandidate {
  traineeId: string;
  fullName: string | null;
  latinName: string | null;
}

interface EnrolPageState {
  search: string;
  saved?: string;
  enrolErrors?: string[];
  register?: FormState;
  duplicates?: DuplicateCandidate[] | null;
  status?: number;
}

/**
 * Enrolling trainees at an event: finding recorded trainees of its country, enrolling one, or
 * registering a new one and enrolling them in one step (with the duplicate warning). Reads and
 * writes go through the enrolments and trainees services, so the page allows what the API would.
 */
@ApiExcludeController()
@Controller('officer')
@UseFilters(WebExceptionFilter)
export class OfficerEnrolController {
  constructor(
    private readonly events: EventsService,
    private readonly enrollments: EnrollmentsService,
    private readonly trainees: TraineesService,
    private readonly records: TraineeRecordsService,
    private readonly choices: OfficerChoices,
    private readonly pages: PageRenderer,
  ) {}

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
      const { errors, status } = formRefusal(error, requestLocale(request), NOT_THE_FORM);
      void reply.send(
        await this.renderEnrol(user, id, request, reply, { search, enrolErrors: Object.values(errors).flat(), status }),
      );
    }
  }

  /**
   * Registers a new trainee of the event's country and enrols them, in one transaction: a refused
   * enrolment (the event is full) leaves nobody registered. Recorded trainees who look like the
   * same person come back as a warning (the API's 409 possible_duplicates): the officer enrols one
   * of them instead, or confirms a different person ("not a duplicate").
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
      await this.enrollments.registerAndEnroll(user, id, dto);
      void reply.redirect(`/officer/events/${id}/enrol?saved=registered`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const refusal = formRefusal(error, locale, NOT_THE_FORM);
      const duplicates =
        refusal.error.code === String(DuplicatesErrorCode.PossibleDuplicates)
          ? ((refusal.error.details.candidates ?? []) as DuplicateCandidate[])
          : null;
      void reply.send(
        await this.renderEnrol(user, id, request, reply, {
          search: '',
          register: { errors: duplicates ? {} : refusal.errors, typed },
          duplicates,
          status: refusal.status,
        }),
      );
    }
  }

  private async renderEnrol(
    user: AuthUser,
    id: string,
    request: PageRequest,
    reply: FastifyReply,
    page: EnrolPageState,
  ): Promise<string> {
    const locale = requestLocale(request);
    const event = EventResponseDto.fromDetail(await this.events.get(user, id), locale);
    const enrolled = new Set((await this.enrollments.roster(user, id)).map((line) => line.enrollment.traineeId));
    let results:
      | { id: string; fullName: string | null; latinName: string | null; enrolled: boolean; summary: PersonSummary }[]
      | null = null;
    if (page.search.length > 0) {
      const query = Object.assign(new ListTraineesQueryDto(), {
        page: 1,
        limit: SEARCH_RESULTS,
        country: event.countryCode,
        search: page.search,
      });
      const found = (await this.trainees.list(user, query)).items;
      const places = await this.records.places(found, locale);
      results = found.map((trainee, index) => ({
        id: trainee.id,
        fullName: trainee.fullName,
        latinName: trainee.latinName,
        enrolled: enrolled.has(trainee.id),
        summary: personSummary(locale, trainee, places[index]),
      }));
    }
    // The duplicate warning says who each recorded person is, so the right one can be chosen.
    const candidates = await Promise.all(
      (page.duplicates ?? []).map((candidate) => this.trainees.get(user, candidate.traineeId)),
    );
    const candidatePlaces = await this.records.places(candidates, locale);
    const duplicates =
      page.duplicates?.map((candidate, index) => ({
        ...candidate,
        summary: personSummary(locale, candidates[index], candidatePlaces[index]),
      })) ?? null;
    return this.pages.render(request, reply, 'officer/enrol', {
      titleKey: 'web.officer.enrol_title',
      titleParams: { course: event.courseTitle },
      status: page.status,
      model: {
        event,
        dates: eventDates(locale, event.startDate, event.endDate),
        search: page.search,
        results,
        saved: savedNotice(page.saved),
        enrolErrors: page.enrolErrors ?? [],
        register: page.register ?? noForm(),
        duplicates,
        sexes: Object.values(Sex).map((value) => ({ value, label: translate(locale, `enums.sex.${value}`) })),
        professions: Object.values(Profession).map((value) => ({
          value,
          label: translate(locale, `enums.profession.${value}`),
        })),
        regions: await this.choices.regions(user, locale, event.countryCode),
      },
    });
  }
}
