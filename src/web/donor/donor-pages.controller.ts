import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { requestLocale } from '@cascade/common';

import { CountriesService } from '../../modules/countries/countries.service.js';
import type { Country } from '../../modules/countries/country.entity.js';
import { ExportsService } from '../../modules/reports/exports.service.js';
import { DONOR_BREAKDOWNS } from '../../modules/reports/indicators.js';
import { ExportFormat } from '../../modules/reports/report-export.entity.js';
import { ReportsService } from '../../modules/reports/reports.service.js';
import { countryName, countryOptions } from '../layout/country-names.js';
import { formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { loadReport, periodForm, type ReportModel, startExport } from '../reports/report-pages.js';
import { breakdownChoices, donorPeriodChoices } from '../reports/report-view.js';

/** The files a donor downloads. */
const DONOR_FORMATS = [ExportFormat.Xlsx, ExportFormat.Pdf];

/**
 * The donor's pages: the countries they fund, and each one's impact report as GET /reports/progress
 * gives it to them (small counts "≤5", the cascade, nothing about a person), with its XLSX and PDF.
 * A country outside their funding does not exist for them (404), as in the API.
 */
@ApiExcludeController()
@Controller('donor')
@UseFilters(WebExceptionFilter)
export class DonorPagesController {
  constructor(
    private readonly countries: CountriesService,
    private readonly reports: ReportsService,
    private readonly exports: ExportsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @RequirePermission(Permission.ReportsRead)
  async countryList(
    @CurrentUser() user: AuthUser,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const countries = countryOptions(await this.countries.list(user), locale);
    void reply.send(
      await this.pages.render(request, reply, 'donor/countries', { titleKey: 'web.donor.title', model: { countries } }),
    );
  }

  @Get('countries/:code')
  @RequirePermission(Permission.ReportsRead)
  async country(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Query() query: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const country = await this.countries.get(user, code);
    const { model, status } = await loadReport(this.reports, user, country.code, periodForm(query), locale);
    void reply.send(await this.renderCountry(request, reply, country, model, status));
  }

  /** Starts the XLSX or PDF file of the report on the page, then follows the job on its own page. */
  @Post('countries/:code/exports')
  @RequirePermission(Permission.ReportsRead)
  @WebForm()
  async export(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const country = await this.countries.get(user, code);
    try {
      if (!DONOR_FORMATS.includes(body.format as ExportFormat)) body.format = '';
      return void reply.redirect(
        await startExport(this.exports, user, country.code, body, locale),
        HttpStatus.SEE_OTHER,
      );
    } catch (error) {
      const { errors } = formRefusal(error, locale, { only: [HttpStatus.BAD_REQUEST] });
      const { model } = await loadReport(this.reports, user, country.code, periodForm(body), locale);
      model.errors = { ...model.errors, ...errors };
      void reply.send(await this.renderCountry(request, reply, country, model, HttpStatus.BAD_REQUEST));
    }
  }

  private renderCountry(
    request: PageRequest,
    reply: FastifyReply,
    country: Country,
    model: ReportModel,
    status: number,
  ): Promise<string> {
    const locale = requestLocale(request);
    return this.pages.render(request, reply, 'donor/country', {
      titleKey: 'web.donor.country_title',
      titleParams: { country: countryName(country, locale) },
      status,
      model: {
        ...model,
        country: { code: country.code },
        breakdowns: breakdownChoices(locale, DONOR_BREAKDOWNS),
        periods: donorPeriodChoices(locale),
        formats: DONOR_FORMATS.map((value) => ({ value, label: value.toUpperCase() })),
      },
    });
  }
}
