import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, RequestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import type { CountryTarget } from './country-target.entity.js';
import { ListTargetsQueryDto, TargetResponseDto, UpsertTargetsDto } from './dto/country-target.dto.js';
import { ProgressQueryDto, ProgressReportDto, type ProgressRowDto } from './dto/progress.dto.js';
import { Breakdown } from './indicators.js';
import { type ProgressReport, ReportsService } from './reports.service.js';

const targetDto = (target: CountryTarget, locale: Locale) =>
  TargetResponseDto.from(target, translate(locale, `enums.indicator.${target.indicator}`));

/** The label of a breakdown value: a year or quarter as it is, anything else from the locale or the region's names. */
function valueLabel(breakdown: Breakdown, row: ProgressReport['rows'][number], locale: Locale): string | null {
  const value = row.breakdownValue;
  if (value === null) return null;
  if (value === 'not_recorded' && breakdown !== Breakdown.Sex) return translate(locale, 'reports.not_recorded');
  switch (breakdown) {
    case Breakdown.Region:
      return row.regionNames?.[locale] ?? row.regionNames?.en ?? value;
    case Breakdown.Sex:
    case Breakdown.Profession:
    case Breakdown.OrganizationType:
      return translate(locale, `enums.${breakdown}.${value}`);
    default:
      return value;
  }
}

function reportDto(report: ProgressReport, locale: Locale): ProgressReportDto {
  return {
    country: report.country,
    from: report.from,
    to: report.to,
    breakdown: report.breakdown,
    breakdownLabel: translate(locale, `enums.breakdown.${report.breakdown}`),
    suppressionThreshold: report.suppressionThreshold,
    rows: report.rows.map((row): ProgressRowDto => ({
      indicator: row.indicator,
      indicatorLabel: translate(locale, `enums.indicator.${row.indicator}`),
      breakdownApplies: row.breakdownApplies,
      total: row.total,
      breakdownValue: row.breakdownValue,
      breakdownLabel: valueLabel(report.breakdown, row, locale),
      actual: row.actual,
      n: row.n,
      target: row.target,
      percentAchieved: row.percentAchieved,
      suppressed: row.suppressed,
    })),
  };
}

/** Aggregates only: no route here answers with a person's record. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Fields that are not valid, each with its message' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'The role may not use this route or this breakdown' })
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

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
