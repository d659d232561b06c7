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

import { CountriesService } from '../../modules/countries/index.js';
import {
  CertificationService,
  ExtendDeadlineDto,
  ListTrainersQueryDto,
  RecordRefresherDto,
  RequirementState,
  SetRequirementStateDto,
  TrainersService,
} from '../../modules/trainers/index.js';
import { countryName } from '../layout/country-names.js';
import { dateForEntry } from '../layout/date-entry.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formFields, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { certificationView } from './certification-view.js';

const STATE_FIELDS = ['state', 'effectiveOn', 'note'] as const;
const EXTENSION_FIELDS = ['deadline', 'reason'] as const;
const REFRESHER_FIELDS = ['completedOn', 'note'] as const;
const PAGE_SIZE = 50;

/** Which form of the page a refusal belongs to, so its messages show beside that form's fields. */
interface Refused {
  form: string;
  errors: FormErrors;
  typed: Record<string, string>;
  status: number;
}

/**
 * The officer's trainer pages: the trainers of their countries with whether each is certified
 * today, and a trainer's requirements with their state, deadline and history, and the forms to
 * set a state, extend a deadline and record a refresher.
 */
@ApiExcludeController()
@Controller('officer/trainers')
@UseFilters(WebExceptionFilter)
export class TrainerCertificationController {
  constructor(
    private readonly trainers: TrainersService,
    private readonly certification: CertificationService,
    private readonly countries: CountriesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @RequirePermission(Permission.TrainersManage)
  async list(
    @CurrentUser() user: AuthUser,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('page') pageText?: string,
  ): Promise<void> {
    const page = /^\d{1,4}$/.test(pageText ?? '') ? Math.max(1, Number(pageText)) : 1;
    const found = await this.trainers.list(user, Object.assign(new ListTrainersQueryDto(), { page, limit: PAGE_SIZE }));
    const certified = await this.certification.certifiedOn(found.items.map((trainer) => trainer.id));
    const locale = requestLocale(request);
    const countries = await this.countries.list(user);
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    void reply.send(
      await this.pages.render(request, reply, 'trainers/list', {
        titleKey: 'web.certification.trainers_title',
        model: {
          trainers: found.items.map((trainer) => ({
            id: trainer.id,
            fullName: trainer.fullName,
            level: `enums.trainer_level.${trainer.level}`,
            certified: certified.get(trainer.id)?.certified ?? false,
          })),
          programs: countries.map((country) => ({ code: country.code, name: countryName(country, locale) })),
          total: found.total,
          pager: {
            page,
            pages,
            previous: page > 1 ? `/officer/trainers?page=${page - 1}` : null,
            next: page < pages ? `/officer/trainers?page=${page + 1}` : null,
          },
        },
      }),
    );
  }

  @Get(':id')
  @RequirePermission(Permission.TrainersManage)
  async trainer(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    void reply.send(await this.render(user, id, request, reply, saved === '1'));
  }

  @Post(':id/requirements/:code')
  @RequirePermission(Permission.TrainersManage)
  @WebForm()
  async setState(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('code') code: string,
    @Body() body: unknown,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { values, typed } = formFields(body, STATE_FIELDS, [], { dates: ['effectiveOn'] });
    await this.submit(user, id, request, reply, `state-${code}`, typed, async () => {
      await this.certification.setState(user, id, code, await formDto(SetRequirementStateDto, values));
    });
  }

  @Post(':id/requirements/:code/extensions')
  @RequirePermission(Permission.TrainersManage)
  @WebForm()
  async extend(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('code') code: string,
    @Body() body: unknown,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { values, typed } = formFields(body, EXTENSION_FIELDS, [], { dates: ['deadline'] });
    await this.submit(user, id, request, reply, `extend-${code}`, typed, async () => {
      await this.certification.extendDeadline(user, id, code, await formDto(ExtendDeadlineDto, values));
    });
  }

  @Post(':id/refreshers')
  @RequirePermission(Permission.TrainersManage)
  @WebForm()
  async refresher(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { values, typed } = formFields(body, REFRESHER_FIELDS, [], { dates: ['completedOn'] });
    await this.submit(user, id, request, reply, 'refresher', typed, async () => {
      await this.certification.recordRefresher(user, id, await formDto(RecordRefresherDto, values));
    });
  }

  /** Runs a form's write; a refusal shows the page again with the messages beside that form. */
  private async submit(
    user: AuthUser,
    id: string,
    request: PageRequest,
    reply: FastifyReply,
    form: string,
    typed: Record<string, string>,
    write: () => Promise<void>,
  ): Promise<void> {
    try {
      await write();
      void reply.redirect(`/officer/trainers/${id}?saved=1#${form}`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, requestLocale(request), { except: [HttpStatus.NOT_FOUND] });
      void reply.send(await this.render(user, id, request, reply, false, { form, errors, typed, status }));
    }
  }

  private async render(
    user: AuthUser,
    id: string,
    request: PageRequest,
    reply: FastifyReply,
    saved: boolean,
    refused?: Refused,
  ): Promise<string> {
    const locale = requestLocale(request);
    const detail = await this.trainers.get(user, id);
    const certification = await this.certification.forTrainer(user, id);
    const country = await this.countries.get(user, detail.trainer.countryCode);
    return this.pages.render(request, reply, 'trainers/trainer', {
      titleKey: 'web.certification.trainer_title',
      titleParams: { name: detail.trainer.fullName },
      status: refused?.status,
      model: {
        id,
        country: { code: country.code, name: countryName(country, locale) },
        level: `enums.trainer_level.${detail.trainer.level}`,
        saved,
        refused: refused ?? null,
        // Typed day first, as every date field of the pages (date-entry.ts).
        today: dateForEntry(new Date().toISOString().slice(0, 10)),
        states: Object.values(RequirementState).map((state) => ({
          value: state,
          label: `enums.requirement_state.${state}`,
        })),
        ...certificationView(certification, locale),
      },
    });
  }
}
