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
import { isUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { AppException, CommonErrorCode, PageQueryDto, requestLocale } from '@cascade/common';
import { translate } from '@cascade/i18n';

import { JobsService } from '../../infrastructure/jobs/jobs.service.js';
import { TraineeRecordsService } from '../../modules/trainee-records/index.js';
import { ListDuplicatesQueryDto } from '../../modules/trainees/duplicates/dto/duplicates-query.dto.js';
import { MarkDistinctDto } from '../../modules/trainees/duplicates/dto/mark-distinct.dto.js';
import { MERGE_FIELDS, MergeTraineesDto } from '../../modules/trainees/duplicates/dto/merge-trainees.dto.js';
import { DuplicatesService } from '../../modules/trainees/duplicates/duplicates.service.js';
import { MergesService } from '../../modules/trainees/duplicates/merges.service.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formDto, formFields, formText, WebForm } from '../layout/web-form.js';
import type { PageRequest } from '../layout/web-session.js';
import { mergeValue, queuePair } from './duplicate-view.js';

/** A refusal about the page's own record (gone, out of scope) goes to the error page. */
const NOT_THE_FORM = { except: [HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN] };

/** Pairs a queue page shows: each is a card of two people. */
const QUEUE_PAGE = 20;

/**
 * The officer's duplicate queue (pairs with their scores, "different people", a merge choosing
 * each field, undo of recent merges); the import pages are import-pages.controller.ts. Only the
 * duplicates services are called, with the API's scope checks.
 */
@ApiExcludeController()
@Controller('registry')
@UseFilters(WebExceptionFilter)
export class RegistryPagesController {
  constructor(
    private readonly duplicates: DuplicatesService,
    private readonly merges: MergesService,
    private readonly jobs: JobsService,
    private readonly records: TraineeRecordsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('duplicates')
  @RequirePermission(Permission.DuplicatesReview)
  async duplicateQueue(
    @CurrentUser() user: AuthUser,
    @Query() raw: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const saved = formText(raw, 'saved') || undefined;
    void reply.send(await this.renderQueue(user, request, reply, { saved, raw }));
  }

  @Post('duplicates/distinct')
  @RequirePermission(Permission.DuplicatesReview)
  @WebForm()
  async markDistinct(
    @CurrentUser() user: AuthUser,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      const dto = await formDto(MarkDistinctDto, {
        traineeId: formText(body, 'traineeId'),
        otherTraineeId: formText(body, 'otherTraineeId'),
      });
      await this.duplicates.markDistinct(user, dto);
    } catch (error) {
      return this.queueError(error, user, request, reply);
    }
    void reply.redirect('/registry/duplicates?saved=distinct', HttpStatus.SEE_OTHER);
  }

  /** The merge form: the two records side by side, a choice of side for each field that differs. */
  @Get('duplicates/merge')
  @RequirePermission(Permission.DuplicatesReview)
  async mergeForm(
    @CurrentUser() user: AuthUser,
    @Query('a', new ParseUUIDPipe()) a: string,
    @Query('b', new ParseUUIDPipe()) b: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    void reply.send(await this.renderMerge(user, a, b, request, reply, {}));
  }

  @Post('duplicates/merge')
  @RequirePermission(Permission.DuplicatesReview)
  @WebForm()
  async merge(
    @CurrentUser() user: AuthUser,
    @Body() body: Record<string, unknown>,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const a = formText(body, 'a');
    const b = formText(body, 'b');
    const survivorId = formText(body, 'survivor') === b ? b : a;
    const mergedId = survivorId === a ? b : a;
    const values: Record<string, string> = {};
    for (const field of MERGE_FIELDS) {
      const chosen = formText(body, `field.${field}`);
      if (chosen) values[field] = chosen === survivorId ? 'survivor' : 'merged';
    }
    try {
      const dto = await formDto(MergeTraineesDto, { survivorId, mergedId, values });
      await this.merges.merge(user, dto);
    } catch (error) {
      const { errors, status } = formRefusal(error, requestLocale(request), NOT_THE_FORM);
      return void reply.send(await this.renderMerge(user, a, b, request, reply, { errors, status, typed: body }));
    }
    void reply.redirect('/registry/duplicates?saved=merged', HttpStatus.SEE_OTHER);
  }

  @Post('duplicates/merges/:id/undo')
  @RequirePermission(Permission.DuplicatesReview)
  @WebForm()
  async undo(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.merges.undo(user, id);
    } catch (error) {
      return this.queueError(error, user, request, reply);
    }
    void reply.redirect('/registry/duplicates?saved=undone', HttpStatus.SEE_OTHER);
  }

  private async queueError(error: unknown, user: AuthUser, request: PageRequest, reply: FastifyReply) {
    const { errors, status } = formRefusal(error, requestLocale(request), NOT_THE_FORM);
    return void reply.send(await this.renderQueue(user, request, reply, { errors, status }));
  }

  private async renderQueue(
    user: AuthUser,
    request: PageRequest,
    reply: FastifyReply,
    state: { saved?: string; errors?: FormErrors; status?: number; raw?: Record<string, unknown> },
  ): Promise<string> {
    const locale = requestLocale(request);
    // The search box and the page number, kept in the URL; a refused one lists the first page of all.
    const { values, typed } = formFields(state.raw ?? {}, ['search', 'page'], ['page']);
    let errors: FormErrors = {};
    let query: ListDuplicatesQueryDto;
    try {
      query = await formDto(ListDuplicatesQueryDto, { ...values, limit: QUEUE_PAGE });
    } catch (error) {
      errors = formRefusal(error, locale).errors;
      query = Object.assign(new ListDuplicatesQueryDto(), { page: 1, limit: QUEUE_PAGE });
    }
    const pairs = await this.duplicates.list(user, query);
    const pages = Math.max(1, Math.ceil(pairs.total / pairs.limit));
    const pageUrl = (n: number) => {
      const params = new URLSearchParams(typed.search ? { search: typed.search } : {});
      params.set('page', String(n));
      return `/registry/duplicates?${params.toString()}`;
    };
    const merges = await this.merges.list(user, Object.assign(new PageQueryDto(), { page: 1, limit: 20 }));
    const undoUntil = (mergedAt: Date) => new Date(mergedAt.getTime() + this.merges.undoDays * 86_400_000);
    return this.pages.render(request, reply, 'registry/duplicates', {
      titleKey: 'web.duplicates.title',
      status: state.status ?? (Object.keys(errors).length > 0 ? HttpStatus.BAD_REQUEST : undefined),
      model: {
        search: typed.search,
        pager: {
          page: pairs.page,
          pages,
          previous: pairs.page > 1 ? pageUrl(pairs.page - 1) : null,
          next: pairs.page < pages ? pageUrl(pairs.page + 1) : null,
        },
        pairs: await Promise.all(
          pairs.items.map(async (pair) => queuePair(pair, await this.records.places(pair.trainees, locale), locale)),
        ),
        total: pairs.total,
        merges: merges.items.map((merge) => ({
          id: merge.id,
          mergedAt: merge.mergedAt.toISOString().slice(0, 10),
          undoable: merge.undoneAt === null && undoUntil(merge.mergedAt).getTime() > Date.now(),
          undone: merge.undoneAt !== null,
          survivorId: merge.survivorId,
          mergedId: merge.mergedId,
        })),
        saved: state.saved ?? '',
        errors: { ...errors, ...state.errors },
      },
    });
  }

  private async renderMerge(
    user: AuthUser,
    a: string,
    b: string,
    request: PageRequest,
    reply: FastifyReply,
    state: { errors?: FormErrors; status?: number; typed?: Record<string, unknown> },
  ): Promise<string> {
    const locale = requestLocale(request);
    // The pair as the queue lists it, on whichever page: only a pair the officer may review (else 404).
    if (!isUUID(a) || !isUUID(b)) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    const pairs = await this.duplicates.list(user, Object.assign(new ListDuplicatesQueryDto(), { page: 1, limit: 1 }), [
      a,
      b,
    ]);
    const pair = pairs.items.find((p) => {
      const ids = p.trainees.map((t) => t.id);
      return ids.includes(a) && ids.includes(b);
    });
    if (!pair) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    const [first, second] = pair.trainees;
    const places = await this.records.places([first, second], locale);
    const typed = state.typed ?? {};
    const fields = MERGE_FIELDS.map((field) => ({
      field,
      label: translate(locale, `web.duplicates.field_${field}`),
      first: mergeValue(locale, field, first[field], places[0]),
      second: mergeValue(locale, field, second[field], places[1]),
      chosen: typeof typed[`field.${field}`] === 'string' ? (typed[`field.${field}`] as string) : first.id,
    }));
    return this.pages.render(request, reply, 'registry/merge', {
      titleKey: 'web.duplicates.merge_title',
      status: state.status,
      model: {
        // Beside each name: who the person is, in words.
        first: { ...first, summary: queuePair(pair, places, locale).trainees[0].summary },
        second: { ...second, summary: queuePair(pair, places, locale).trainees[1].summary },
        fields,
        survivor: typeof typed.survivor === 'string' ? typed.survivor : first.id,
        scorePercent: Math.round(pair.score * 100),
        errors: state.errors ?? {},
      },
    });
  }
}
