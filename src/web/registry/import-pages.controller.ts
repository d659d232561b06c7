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
import { AppException, requestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';
import type { QueueName } from '@cascade/queue';

import { JobsService } from '../../infrastructure/jobs/jobs.service.js';
import { CountriesService } from '../../modules/countries/countries.service.js';
import { RowChoice, type RowResolution } from '../../modules/imports/import-report.js';
import { ImportsService } from '../../modules/imports/imports.service.js';
import { ImportsErrorCode } from '../../modules/imports/imports-error-code.js';
import { ImportStatus } from '../../modules/imports/registry-import.entity.js';
import { countryOptions } from '../layout/country-names.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { assertQueue } from '../reports/report-pages.js';

/** A refusal about the page's own record (gone, out of scope) goes to the error page. */
const NOT_THE_FORM = { except: [HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN] };

/**
 * The officer's import pages: upload (a trainees file of a country) → the service's dry run and
 * its report, with an answer for each row the registry may hold (the same person, a different
 * person, skip) → commit; a large file is followed by its job's progress. Only the imports
 * service is called, with the API's scope checks.
 */
@ApiExcludeController()
@Controller('registry')
@UseFilters(WebExceptionFilter)
export class ImportPagesController {
  constructor(
    private readonly countries: CountriesService,
    private readonly imports: ImportsService,
    private readonly jobs: JobsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('imports')
  @RequirePermission(Permission.ImportsManage)
  async importForm(
    @CurrentUser() user: AuthUser,
    @Query('event') event: string | undefined,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ) {
    void reply.send(await this.renderUpload(user, request, reply, { eventId: eventIdOf(event) }));
  }

  /**
   * The upload, a multipart form: its CSRF token travels in the query (the guard checks it before
   * the body is read), the country — or the past event whose records the file holds — in a field
   * before the file. Checked in the request, or by a job.
   */
  @Post('imports')
  @RequirePermission(Permission.ImportsManage)
  @WebForm()
  async upload(@CurrentUser() user: AuthUser, @Req() request: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const locale = requestLocale(request);
    let country = '';
    let eventId: string | undefined;
    try {
      if (!request.isMultipart()) throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.FileMissing);
      const part = await request.file();
      if (!part) throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.FileMissing);
      const field = part.fields.country as { value?: unknown } | undefined;
      country = typeof field?.value === 'string' ? field.value : '';
      const eventField = part.fields.event as { value?: unknown } | undefined;
      eventId = typeof eventField?.value === 'string' ? eventIdOf(eventField.value) : undefined;
      const read = async (maxBytes: number) => {
        const content = await part.toBuffer().catch((error: { code?: string }) => {
          if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
            throw new AppException(HttpStatus.PAYLOAD_TOO_LARGE, ImportsErrorCode.FileTooLarge, { limit: maxBytes });
          }
          throw error;
        });
        if (!part.filename && content.length === 0) {
          throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.FileMissing);
        }
        return { fileName: part.filename || 'upload', content };
      };
      const outcome = eventId
        ? await this.imports.uploadEventRecords(user, eventId, read, locale)
        : await this.imports.uploadTrainees(user, country, read, locale);
      return void reply.redirect(importUrl(outcome.import.id, outcome.job), HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, locale, {
        ...NOT_THE_FORM,
        field: (name) => (name === 'country' ? 'country' : 'file'),
      });
      // The service's wording is the API's (a multipart part); the page's field is a file box.
      if (error instanceof AppException && error.code === String(ImportsErrorCode.FileMissing)) {
        delete errors.form;
        errors.file = [translate(locale, 'web.imports.file_missing')];
      }
      return void reply.send(await this.renderUpload(user, request, reply, { errors, country, status, eventId }));
    }
  }

  @Get('imports/:id')
  @RequirePermission(Permission.ImportsManage)
  async importPage(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('job') job: string | undefined,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.send(await this.renderImport(user, id, job, request, reply, {}));
  }

  @Post('imports/:id/commit')
  @RequirePermission(Permission.ImportsManage)
  @WebForm()
  async commit(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const choices = rowChoices(body);
    const repeats = formText(body, 'repeats') === 'yes';
    const unansweredAsNew = formText(body, 'unanswered') === 'new';
    const locale = requestLocale(request);
    try {
      const outcome = await this.imports.commit(
        user,
        id,
        { repeatsConfirmed: repeats, resolutions: choices.resolutions, unansweredAsNew },
        locale,
      );
      return void reply.redirect(importUrl(id, outcome.job), HttpStatus.SEE_OTHER);
    } catch (error) {
      const { errors, status } = formRefusal(error, locale, { only: [HttpStatus.CONFLICT, HttpStatus.BAD_REQUEST] });
      return void reply.send(
        await this.renderImport(user, id, undefined, request, reply, {
          errors,
          status,
          choices: choices.typed,
          repeats,
          unansweredAsNew,
        }),
      );
    }
  }

  private async countryChoices(user: AuthUser, locale: Locale) {
    return countryOptions(await this.countries.list(user), locale);
  }

  private async renderUpload(
    user: AuthUser,
    request: PageRequest,
    reply: FastifyReply,
    state: { errors?: FormErrors; country?: string; status?: number; eventId?: string },
  ): Promise<string> {
    const locale = requestLocale(request);
    return this.pages.render(request, reply, 'registry/import-upload', {
      titleKey: state.eventId ? 'web.imports.event_title' : 'web.imports.title',
      status: state.status,
      model: {
        eventId: state.eventId ?? null,
        countries: await this.countryChoices(user, locale),
        country: state.country ?? '',
        errors: state.errors ?? {},
      },
    });
  }

  private async renderImport(
    user: AuthUser,
    id: string,
    job: string | undefined,
    request: PageRequest,
    reply: FastifyReply,
    state: {
      errors?: FormErrors;
      status?: number;
      choices?: Record<number, string>;
      repeats?: boolean;
      unansweredAsNew?: boolean;
    },
  ): Promise<string> {
    const locale = requestLocale(request);
    const row = await this.imports.toDto(user, await this.imports.get(user, id), locale);
    let progress: { rowsDone: number; rowsTotal: number } | null = null;
    let jobUrl: string | null = null;
    const [queue, jobId] = (job ?? '').split('/');
    let running = row.status === ImportStatus.Checking;
    if (queue && jobId) {
      const status = await this.jobs.status(user, assertQueue(queue), jobId);
      running = status.state !== 'completed' && status.state !== 'failed';
      if (typeof status.progress === 'object') progress = status.progress as { rowsDone: number; rowsTotal: number };
      jobUrl = `/jobs/${status.queue}/${status.id}`;
    }
    return this.pages.render(request, reply, 'registry/import', {
      titleKey: 'web.imports.report_title',
      titleParams: { file: row.fileName },
      status: state.status,
      model: {
        row,
        running,
        progress,
        jobUrl,
        statusLabel: translate(locale, `web.imports.status_${row.status}`),
        errors: state.errors ?? {},
        choices: state.choices ?? {},
        repeats: state.repeats ?? false,
        unansweredAsNew: state.unansweredAsNew ?? false,
      },
      scripts: running && jobUrl ? ['job-status.js'] : [],
    });
  }
}

/**
 * The commit form's answers: `choice.<row>` is `same:<trainee id>`, `new` or `skip`. What was
 * picked is kept to show the form again; a value of another shape is left for the service to refuse.
 */
function rowChoices(body: Record<string, unknown>): { resolutions: RowResolution[]; typed: Record<number, string> } {
  const resolutions: RowResolution[] = [];
  const typed: Record<number, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const row = /^choice\.(\d{1,7})$/.exec(name);
    if (!row || typeof value !== 'string') continue;
    const [choice, traineeId] = value.split(':');
    if (!(Object.values(RowChoice) as string[]).includes(choice)) continue;
    typed[Number(row[1])] = value;
    resolutions.push({ row: Number(row[1]), choice: choice as RowChoice, ...(traineeId ? { traineeId } : {}) });
  }
  return { resolutions, typed };
}

/** A past event's id from the query or the form; anything else is no event (a trainees import). */
function eventIdOf(value: string | undefined): string | undefined {
  return value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : undefined;
}

function importUrl(id: string, job: { queue: QueueName; jobId: string } | null): string {
  return job
    ? `/registry/imports/${id}?job=${encodeURIComponent(`${job.queue}/${job.jobId}`)}`
    : `/registry/imports/${id}`;
}
