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
import { formatDate, requestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { localized } from '../../modules/courses/index.js';
import { InstructionLanguage, Profession, Sex } from '../../modules/reference/index.js';
import { TraineeRecordsService } from '../../modules/trainee-records/index.js';
import { UpdateTraineeDto } from '../../modules/trainees/dto/update-trainee.dto.js';
import { type Trainee, TraineesService } from '../../modules/trainees/index.js';
import { formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { personSummary } from '../layout/person-summary.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formFields, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { type FormState, noForm } from '../officer/officer-choices.js';
import { eventDates } from '../trainer/trainer-view.js';
import { TraineeChoices } from './trainee-choices.js';

/** The fields the edit form offers; a blank optional field clears it (null), as the API takes it. */
const EDIT_FIELDS = [
  'fullName',
  'latinName',
  'sex',
  'profession',
  'organizationId',
  'regionCode',
  'birthYear',
  'phone',
  'email',
  'preferredLanguage',
];
const CLEARABLE = ['latinName', 'organizationId', 'regionCode', 'birthYear', 'phone', 'email', 'preferredLanguage'];
/** What withdrawing consent erases, as the confirmation page lists it (TraineesService.withdrawConsent). */
const ERASED = ['fullName', 'latinName', 'birthYear', 'phone', 'email'];

/**
 * One trainee's record for officers: details, events with attendance, scores and certificates,
 * merges and the audit trail; the edit form; consent withdrawal after a page that says what is
 * erased. Reads and writes go through the trainees service (scope: the officer's countries).
 */
@ApiExcludeController()
@Controller('officer/trainees')
@UseFilters(WebExceptionFilter)
export class TraineeProfileController {
  constructor(
    private readonly trainees: TraineesService,
    private readonly records: TraineeRecordsService,
    private readonly choices: TraineeChoices,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id')
  @RequirePermission(Permission.TraineesManage)
  async profile(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    const locale = requestLocale(request);
    const record = await this.records.record(user, id, locale);
    const { trainee } = record;
    const date = (value: Date | string) => formatDate(locale, value);
    void reply.send(
      await this.pages.render(request, reply, 'trainees/profile', {
        titleKey: 'web.trainees.profile_title',
        titleParams: { name: trainee.fullName ?? translate(locale, 'web.trainees.anonymised') },
        model: {
          trainee,
          saved: saved === 'edited' || saved === 'withdrawn' ? `web.trainees.saved_${saved}` : null,
          summary: personSummary(locale, trainee, record.places),
          sexLabel: translate(locale, `enums.sex.${trainee.sex}`),
          languageName: trainee.preferredLanguage ? languageName(trainee.preferredLanguage) : null,
          consentGiven: trainee.consentGivenAt ? date(trainee.consentGivenAt) : null,
          consentWithdrawn: trainee.consentWithdrawnAt ? date(trainee.consentWithdrawnAt) : null,
          enrolments: record.enrolments.map((e) => ({
            ...e,
            courseTitle: localized(e.courseTitles, locale),
            dates: eventDates(locale, e.startDate, e.endDate),
            statusLabel: translate(locale, `enums.enrollment_status.${e.status}`),
            certificate: e.certificateCode
              ? {
                  code: e.certificateCode,
                  issued: date(e.certificateIssuedAt as Date),
                  revoked: e.certificateRevokedAt ? date(e.certificateRevokedAt) : null,
                }
              : null,
          })),
          merges: record.merges.map((m) => ({ ...m, mergedOn: date(m.mergedAt), undone: m.undoneAt !== null })),
          audit: record.audit.map((a) => ({
            when: date(a.occurredAt),
            action: translate(locale, `web.trainees.audit_${a.action}`),
            fields: [...new Set(a.changedFields.map((f) => fieldLabel(locale, f)))].join(', '),
            actor: a.actorName,
          })),
        },
      }),
    );
  }

  @Get(':id/edit')
  @RequirePermission(Permission.TraineesManage)
  async editForm(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.send(await this.renderEdit(user, await this.trainees.get(user, id), request, reply, noForm()));
  }

  @Post(':id/edit')
  @RequirePermission(Permission.TraineesManage)
  @WebForm()
  async edit(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const trainee = await this.trainees.get(user, id);
    const { values, typed } = formFields(body, EDIT_FIELDS, ['birthYear']);
    // An erased record keeps its name fields empty: they are not sent, so the API refuses nothing.
    const fields = trainee.consentWithdrawnAt ? EDIT_FIELDS.filter((f) => !ERASED.includes(f)) : EDIT_FIELDS;
    const dtoValues: Record<string, unknown> = {};
    for (const field of fields) {
      if (values[field] !== undefined) dtoValues[field] = values[field];
      else if (CLEARABLE.includes(field)) dtoValues[field] = null;
    }
    try {
      await this.trainees.update(user, id, await formDto(UpdateTraineeDto, dtoValues));
      void reply.redirect(`/officer/trainees/${id}?saved=edited`, HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, requestLocale(request), { except: [HttpStatus.NOT_FOUND] });
      void reply.send(await this.renderEdit(user, trainee, request, reply, { errors, typed }, status));
    }
  }

  @Get(':id/withdraw-consent')
  @RequirePermission(Permission.TraineesManage)
  async withdrawConfirmation(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const trainee = await this.trainees.get(user, id);
    void reply.send(
      await this.pages.render(request, reply, 'trainees/withdraw', {
        titleKey: 'web.trainees.withdraw_title',
        model: {
          trainee,
          erased: ERASED.map((field) => fieldLabel(locale, field)),
          alreadyWithdrawn: trainee.consentWithdrawnAt !== null,
        },
      }),
    );
  }

  @Post(':id/withdraw-consent')
  @RequirePermission(Permission.TraineesManage)
  @WebForm()
  async withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.trainees.withdrawConsent(user, id);
    void reply.redirect(`/officer/trainees/${id}?saved=withdrawn`, HttpStatus.SEE_OTHER);
  }

  private async renderEdit(
    user: AuthUser,
    trainee: Trainee,
    request: PageRequest,
    reply: FastifyReply,
    form: FormState,
    status?: number,
  ): Promise<string> {
    const locale = requestLocale(request);
    const shown: Record<string, string> = {};
    for (const field of EDIT_FIELDS) {
      const value = (trainee as unknown as Record<string, string | number | null>)[field];
      shown[field] = form.typed[field] ?? (value === null ? '' : String(value));
    }
    return this.pages.render(request, reply, 'trainees/edit', {
      titleKey: 'web.trainees.edit_title',
      titleParams: { name: trainee.fullName ?? translate(locale, 'web.trainees.anonymised') },
      status,
      model: {
        trainee,
        anonymised: trainee.consentWithdrawnAt !== null,
        values: shown,
        errors: form.errors,
        sexes: Object.values(Sex).map((value) => ({ value, label: translate(locale, `enums.sex.${value}`) })),
        professions: Object.values(Profession).map((value) => ({
          value,
          label: translate(locale, `enums.profession.${value}`),
        })),
        regions: await this.choices.regions(user, locale, trainee.countryCode),
        organizations: await this.choices.organizations(user, trainee.countryCode),
        languages: Object.values(InstructionLanguage).map((value) => ({
          value,
          label: languageName(value),
          lang: value,
        })),
      },
    });
  }
}

/** A language named in itself (the five locales name themselves in their own texts). */
function languageName(language: InstructionLanguage): string {
  return translate(language, 'web.language.name');
}

/** A trainee field's name: as the merge form labels it, else this page's own words. */
function fieldLabel(locale: Locale, field: string): string {
  for (const key of [`web.duplicates.field_${field}`, `web.trainees.field_${field}`]) {
    const label = translate(locale, key);
    if (label !== key) return label;
  }
  return translate(locale, 'web.trainees.other_fields');
}
