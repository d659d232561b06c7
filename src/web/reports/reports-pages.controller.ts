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
import { type Locale, translate } from '@cascade/i18n';

import { JobsService } from '../../infrastructure/jobs/jobs.service.js';
import { CountriesService } from '../../modules/countries/countries.service.js';
import { Profession, Sex } from '../../modules/reference/vocabulary.js';
import { TargetInputDto } from '../../modules/reports/dto/country-target.dto.js';
import type { ExportResultDto } from '../../modules/reports/dto/progress-export.dto.js';
import { ExportsService } from '../../modules/reports/exports.service.js';
import { Indicator, TargetDimension } from '../../modules/reports/indicators.js';
import { ExportFormat } from '../../modules/reports/report-export.entity.js';
import { ReportsService } from '../../modules/reports/reports.service.js';
import { countryOptions } from '../layout/country-names.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDecimal, formDto, formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { assertQueue, loadReport, periodForm, type ReportModel, startExport } from './report-pages.js';
import { ALL_BREAKDOWNS, breakdownChoices, cell } from './report-view.js';

/** XLSX first: a spreadsheet opens it right in any language; CSV for other programs, PDF to print. */
const OFFICER_FORMATS = [ExportFormat.Xlsx, ExportFormat.Csv, ExportFormat.Pdf];
/** What the target form holds, as typed. */
interface TargetForm {
  country: string;
  year: string;
  indicator: string;
  dimension: string;
  value: string;
}

/**
 * The program officer's reports: the exact progress report of a country with its charts and its
 * CSV/XLSX/PDF files, the country targets, and the page that follows an export job (donors' too).
 * Everything goes through the reports, exports and jobs services, with the API's refusals.
 */
@ApiExcludeController()
@Controller()
@UseFilters(WebExceptionFilter)
export class ReportsPagesController {
  constructor(
    private readonly countries: CountriesService,
    private readonly reports: ReportsService,
    private readonly exports: ExportsService,
    private readonly jobs: JobsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('progress')
  @RequirePermission(Permission.ReportsExact)
  async progress(
    @CurrentUser() user: AuthUser,
    @Query() query: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const countries = await this.countryChoices(user, locale);
    const form = { ...periodForm(query), country: formText(query, 'country') || (countries[0]?.code ?? '') };
    if (!form.country) {
      return void reply.send(await this.renderProgress(request, reply, countries, emptyModel(form, locale), 200));
    }
    const { model, status } = await loadReport(this.reports, user, form.country, form, locale);
    model.form = form;
    void reply.send(await this.renderProgress(request, reply, countries, model, status));
  }

  @Post('progress/exports')
  @RequirePermission(Permission.ReportsExact)
  @WebForm()
  async export(
    @CurrentUser() user: AuthUser,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const country = formText(body, 'country');
    try {
      return void reply.redirect(await startExport(this.exports, user, country, body, locale), HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors } = formRefusal(error, locale, { only: [HttpStatus.BAD_REQUEST] });
      const form = { ...periodForm(body), country };
      const { model } = await loadReport(this.reports, user, country, form, locale);
      model.form = form;
      model.errors = { ...model.errors, ...errors };
      const countries = await this.countryChoices(user, locale);
      void reply.send(await this.renderProgress(request, reply, countries, model, HttpStatus.BAD_REQUEST));
    }
  }

  /**
   * An export job as its requester follows it: the state, then the file's link once written. The
   * page's script asks GET /jobs/:queue/:id and reloads when the job ends; without script the page
   * refreshes itself every few seconds.
   */
  @Get('exports/:queue/:id')
  @RequirePermission(Permission.JobsRead)
  async exportStatus(
    @CurrentUser() user: AuthUser,
    @Param('queue') queue: string,
    @Param('id') id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const status = await this.jobs.status(user, assertQueue(queue), id);
    const result = status.state === 'completed' ? (status.result as ExportResultDto | null) : null;
    const pending = status.state !== 'completed' && status.state !== 'failed';
    void reply.send(
      await this.pages.render(request, reply, 'reports/export-status', {
        titleKey: 'web.export.title',
        model: { job: status, result, pending, jobUrl: `/jobs/${status.queue}/${status.id}` },
        scripts: pending ? ['job-status.js'] : [],
      }),
    );
  }

  @Get('targets')
  @RequirePermission(Permission.TargetsManage)
  async targets(
    @CurrentUser() user: AuthUser,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('saved') saved?: string,
  ): Promise<void> {
    void reply.send(await this.renderTargets(user, request, reply, { saved: saved === '1' }));
  }

  /** Sets one target (adds it, or replaces the one with the same key); errors beside their fields. */
  @Post('targets')
  @RequirePermission(Permission.TargetsManage)
  @WebForm()
  async setTarget(
    @CurrentUser() user: AuthUser,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const typed: TargetForm = {
      country: formText(body, 'country'),
      year: formText(body, 'year'),
      indicator: formText(body, 'indicator'),
      dimension: formText(body, 'dimension'),
      value: formText(body, 'value'),
    };
    const [dimension, breakdownValue] = typed.dimension ? typed.dimension.split(':') : [null, null];
    try {
      const input = await formDto(TargetInputDto, {
        country: typed.country,
        year: typed.year === '' ? undefined : Number(typed.year),
        indicator: typed.indicator,
        breakdownDimension: dimension,
        breakdownValue,
        targetValue: typed.value === '' ? undefined : formDecimal(typed.value),
      });
      await this.reports.upsertTargets(user, [input]);
    } catch (error) {
      const { errors } = formRefusal(error, locale, {
        only: [HttpStatus.BAD_REQUEST],
        field: (field) => TARGET_FIELDS[field.replace(/^targets\.\d+\./, '')] ?? 'form',
      });
      return void reply.send(
        await this.renderTargets(user, request, reply, { errors, typed, status: HttpStatus.BAD_REQUEST }),
      );
    }
    void reply.redirect('/targets?saved=1', HttpStatus.SEE_OTHER);
  }

  @Post('targets/:id/remove')
  @RequirePermission(Permission.TargetsManage)
  @WebForm()
  async removeTarget(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.reports.removeTarget(user, id);
    void reply.redirect('/targets?saved=1', HttpStatus.SEE_OTHER);
  }

  private async countryChoices(user: AuthUser, locale: Locale) {
    return countryOptions(await this.countries.list(user), locale);
  }

  private renderProgress(
    request: PageRequest,
    reply: FastifyReply,
    countries: { code: string; name: string }[],
    model: ReportModel,
    status: number,
  ): Promise<string> {
    const locale = requestLocale(request);
    return this.pages.render(request, reply, 'reports/progress', {
      titleKey: 'web.report.title',
      status,
      model: {
        ...model,
        countries,
        breakdowns: breakdownChoices(locale, ALL_BREAKDOWNS),
        formats: OFFICER_FORMATS.map((value) => ({ value, label: value.toUpperCase() })),
      },
    });
  }

  private async renderTargets(
    user: AuthUser,
    request: PageRequest,
    reply: FastifyReply,
    state: { saved?: boolean; errors?: FormErrors; typed?: TargetForm; status?: number },
  ): Promise<string> {
    const locale = requestLocale(request);
    const countries = await this.countryChoices(user, locale);
    const targets = (await this.reports.listTargets(user, {})).map((target) => ({
      id: target.id,
      country: countries.find((c) => c.code === target.countryCode)?.name ?? target.countryCode,
      year: target.year,
      indicator: translate(locale, `enums.indicator.${target.indicator}`),
      breakdown:
        target.breakdownDimension && target.breakdownValue
          ? translate(locale, `enums.${target.breakdownDimension}.${target.breakdownValue}`)
          : translate(locale, 'reports.pdf.total'),
      value: cell(locale, target.targetValue),
    }));
    const form: TargetForm = state.typed ?? {
      country: countries[0]?.code ?? '',
      year: String(new Date().getUTCFullYear()),
      indicator: Indicator.CompletedIndividuals,
      dimension: '',
      value: '',
    };
    return this.pages.render(request, reply, 'reports/targets', {
      titleKey: 'web.targets.title',
      status: state.status,
      model: {
        targets,
        countries,
        form,
        errors: state.errors ?? {},
        saved: state.saved ?? false,
        indicators: Object.values(Indicator).map((value) => ({
          value,
          label: translate(locale, `enums.indicator.${value}`),
        })),
        dimensions: dimensionChoices(locale),
      },
    });
  }
}

/** The service's field names → the target form's. */
const TARGET_FIELDS: Record<string, string> = {
  country: 'country',
  year: 'year',
  indicator: 'indicator',
  breakdownDimension: 'dimension',
  breakdownValue: 'dimension',
  targetValue: 'value',
};

/** The breakdown choices of a target: the total, each sex, each profession (one select, `dimension:value`). */
function dimensionChoices(locale: Locale) {
  const group = (dimension: TargetDimension, values: string[]) => ({
    label: translate(locale, `enums.breakdown.${dimension}`),
    options: values.map((value) => ({
      value: `${dimension}:${value}`,
      label: translate(locale, `enums.${dimension}.${value}`),
    })),
  });
  return {
    total: translate(locale, 'reports.pdf.total'),
    groups: [
      group(TargetDimension.Sex, Object.values(Sex)),
      group(TargetDimension.Profession, Object.values(Profession)),
    ],
  };
}

function emptyModel(form: ReportModel['form'], locale: Locale): ReportModel {
  return { form, errors: {}, report: null, charts: [], cell: (value) => cell(locale, value) };
}
