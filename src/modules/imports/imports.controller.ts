import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, type Page, PageQueryDto, RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { JobAcceptedResponseDto } from '../../infrastructure/jobs/index.js';
import {
  CommitImportDto,
  ImportAcceptedResponseDto,
  ImportResponseDto,
  ImportsPageDto,
  type ImportSummaryDto,
  TemplateParamsDto,
  TemplateQueryDto,
  TraineesImportQueryDto,
} from './dto/import.dto.js';
import { buildTemplate } from './import-templates.js';
import { readUpload } from './import-upload.js';
import { type ImportOutcome, ImportsService } from './imports.service.js';
import { ImportsHistoryService } from './imports-history.service.js';

const FILE_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description: 'A .csv or .xlsx file' } },
  },
};

@ApiTags('imports')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Only program officers and admins import' })
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly history: ImportsHistoryService,
  ) {}

  @Get()
  @RequirePermission(Permission.ImportsManage)
  @ApiOperation({
    summary: "One's imports, newest first (an admin sees everyone's), without their reports",
    description: 'Imports never committed are deleted after IMPORT_RETENTION_DAYS.',
  })
  @ApiOkResponse({ type: ImportsPageDto })
  async list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<ImportSummaryDto>> {
    return this.history.list(user, query);
  }

  @Get('templates/:kind')
  @RequirePermission(Permission.ImportsManage)
  @ApiOperation({ summary: 'An empty CSV or XLSX file with the headers an import expects, in a language' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The template file' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async template(
    @Param() params: TemplateParamsDto,
    @Query() query: TemplateQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<StreamableFile> {
    const file = await buildTemplate(params.kind, query.format, query.locale ?? locale, query.sessions ?? 4);
    return new StreamableFile(file.content, {
      type: file.contentType,
      length: file.content.length,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Post('trainees')
  @RequirePermission(Permission.ImportsManage)
  @ApiOperation({
    summary: 'Upload trainees of one country and check them (dry run): nothing is written yet',
    description:
      'Answers 201 with the report (row, column, code and message per problem, rows naming the same person, and the registered trainees a row may be); a file over IMPORT_JOB_ROW_THRESHOLD rows is checked by a job (202).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiCreatedResponse({ type: ImportResponseDto })
  @ApiAcceptedResponse({ type: ImportAcceptedResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'The file is not usable: nothing was stored' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  async uploadTrainees(
    @CurrentUser() user: AuthUser,
    @Query() query: TraineesImportQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestLocale() locale: Locale,
  ): Promise<ImportResponseDto | ImportAcceptedResponseDto> {
    const outcome = await this.imports.uploadTrainees(
      user,
      query.country,
      (maxBytes) => readUpload(request, maxBytes),
      locale,
    );
    return this.answer(user, outcome, reply, HttpStatus.CREATED, locale);
  }

  @Post('events/:eventId')
  @RequirePermission(Permission.ImportsManage)
  @ApiOperation({
    summary: "Upload a past event's participants, attendance per session and scores, and check them (dry run)",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiCreatedResponse({ type: ImportResponseDto })
  @ApiAcceptedResponse({ type: ImportAcceptedResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such event in your countries' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The event has not ended, or was cancelled' })
  async uploadEventRecords(
    @CurrentUser() user: AuthUser,
    @Param('eventId', new ParseUUIDPipe()) eventId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestLocale() locale: Locale,
  ): Promise<ImportResponseDto | ImportAcceptedResponseDto> {
    const outcome = await this.imports.uploadEventRecords(
      user,
      eventId,
      (maxBytes) => readUpload(request, maxBytes),
      locale,
    );
    return this.answer(user, outcome, reply, HttpStatus.CREATED, locale);
  }

  @Get(':id')
  @RequirePermission(Permission.ImportsManage)
  @ApiOperation({ summary: 'An import with its report (for its uploader or an admin)' })
  @ApiOkResponse({ type: ImportResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @RequestLocale() locale: Locale,
  ): Promise<ImportResponseDto> {
    return this.imports.toDto(user, await this.imports.get(user, id), locale);
  }

  @Post(':id/commit')
  @RequirePermission(Permission.ImportsManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Write a checked import: the whole file in one transaction, or nothing',
    description:
      'Committing again answers the first result. Every row is checked against the registry as it is at commit time; commits of one country wait for each other, so two files naming one person register it once. A file over IMPORT_JOB_ROW_THRESHOLD rows is committed by a job (202).',
  })
  @ApiOkResponse({ type: ImportResponseDto })
  @ApiAcceptedResponse({ type: JobAcceptedResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'An answer names a row without candidates, or a trainee not among its candidates',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'Not checked yet, has errors, names a person twice without repeatsConfirmed, has rows that may be registered trainees without an answer in `resolutions` (listed in `rows`), or the registry changed since the dry run (the rows in `changedRows`; the report is made again)',
  })
  async commit(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CommitImportDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestLocale() locale: Locale,
  ): Promise<ImportResponseDto | ImportAcceptedResponseDto> {
    const outcome = await this.imports.commit(
      user,
      id,
      {
        repeatsConfirmed: dto.repeatsConfirmed === true,
        resolutions: dto.resolutions ?? [],
        unansweredAsNew: dto.unansweredAsNew === true,
      },
      locale,
    );
    return this.answer(user, outcome, reply, HttpStatus.OK, locale);
  }

  private async answer(
    user: AuthUser,
    outcome: ImportOutcome,
    reply: FastifyReply,
    status: HttpStatus,
    locale: Locale,
  ): Promise<ImportResponseDto | ImportAcceptedResponseDto> {
    if (outcome.job === null) {
      void reply.status(status);
      return this.imports.toDto(user, outcome.import, locale);
    }
    void reply.status(HttpStatus.ACCEPTED);
    return {
      ...JobAcceptedResponseDto.of(outcome.job.queue, outcome.job.jobId),
      importId: outcome.import.id,
      importUrl: `/imports/${outcome.import.id}`,
    };
  }
}
