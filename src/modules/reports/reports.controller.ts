import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, RequestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { JobAcceptedResponseDto } from '../../infrastructure/jobs/index.js';
import type { CountryTarget } from './country-target.entity.js';
import { ListTargetsQueryDto, TargetResponseDto, UpsertTargetsDto } from './dto/country-target.dto.js';
import { ProgressQueryDto, ProgressReportDto } from './dto/progress.dto.js';
import { ProgressExportDto } from './dto/progress-export.dto.js';
import { ExportsService } from './exports.service.js';
import { reportDto } from './progress-view.js';
import { ReportsService } from './reports.service.js';

const targetDto = (target: CountryTarget, locale: Locale) =>
  TargetResponseDto.from(target, translate(locale, `enums.indicator.${target.indicator}`));

/** Aggregates only: no route here answers with a person's record. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Fields that are not valid, each with its message' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'The role may not use this route or this breakdown' })
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly exports: ExportsService,
  ) {}

  @Get('progress')
  @RequirePermission(Permission.ReportsRead)
  @ApiOperation({
    summary: "A country's indicators over a period against its targets",
    description:
      'Exact for officers and admins; for donors small counts read "≤5", means and rates of few people are withheld, and only the breakdowns none, year, quarter and sex are open.',
  })
  @ApiOkResponse({ type: ProgressReportDto })
  async progress(
    @CurrentUser() user: AuthUser,
    @Query() query: ProgressQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<ProgressReportDto> {
    return reportDto(await this.reports.progress(user, query), locale);
  }

  @Post('progress/exports')
  @RequirePermission(Permission.ReportsRead)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Write the progress report to a CSV, XLSX or PDF file, one part per breakdown, then the cascade',
    description:
      "Refused at once as GET /reports/progress would refuse it; the worker then writes the file as the caller may see the report (a donor's suppressed), with headers in the caller's language. A PDF has a title block, a chart of actual against target, a table per breakdown and the cascade with its chart. The job's result holds the download URL.",
  })
  @ApiAcceptedResponse({ type: JobAcceptedResponseDto })
  async startExport(
    @CurrentUser() user: AuthUser,
    @Body() dto: ProgressExportDto,
    @RequestLocale() locale: Locale,
  ): Promise<JobAcceptedResponseDto> {
    const { queue, jobId } = await this.exports.start(user, dto, locale);
    return JobAcceptedResponseDto.of(queue, jobId);
  }

  @Get('exports/:id')
  @RequirePermission(Permission.ReportsRead)
  @ApiOperation({ summary: 'Download a report export (its requester or an admin)' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf')
  @ApiOkResponse({ description: 'The file' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiGoneResponse({ type: ErrorResponseDto, description: 'export_expired: past its retention, and deleted' })
  async downloadExport(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<StreamableFile> {
    const file = await this.exports.download(user, id);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      length: file.size,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Get('targets')
  @RequirePermission(Permission.ReportsRead)
  @ApiOperation({ summary: "The targets of the caller's countries" })
  @ApiOkResponse({ type: [TargetResponseDto] })
  async targets(
    @CurrentUser() user: AuthUser,
    @Query() query: ListTargetsQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<TargetResponseDto[]> {
    return (await this.reports.listTargets(user, query)).map((target) => targetDto(target, locale));
  }

  @Put('targets')
  @RequirePermission(Permission.TargetsManage)
  @ApiOperation({ summary: 'Set targets, adding each new one and replacing one with the same key' })
  @ApiOkResponse({ type: [TargetResponseDto] })
  async upsertTargets(
    @CurrentUser() user: AuthUser,
    @Body() dto: UpsertTargetsDto,
    @RequestLocale() locale: Locale,
  ): Promise<TargetResponseDto[]> {
    return (await this.reports.upsertTargets(user, dto.targets)).map((target) => targetDto(target, locale));
  }

  @Delete('targets/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission(Permission.TargetsManage)
  @ApiNoContentResponse()
  async removeTarget(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.reports.removeTarget(user, id);
  }
}
