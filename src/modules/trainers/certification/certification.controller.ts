import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { CertificationService } from './certification.service.js';
import { CertificationProgramDto, TrainerCertificationDto } from './dto/certification.response.dto.js';
import {
  CertificationAtQueryDto,
  CountryParamsDto,
  ExtendDeadlineDto,
  RecordRefresherDto,
  SaveCertificationProgramDto,
  SetRequirementStateDto,
  TrainerRequirementParamsDto,
} from './dto/certification-input.dto.js';

/** Trainer certification: officers of the trainer's country write; the trainer reads their own. */
@ApiTags('trainer certification')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Fields that are not valid, each with its message' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'The role may not use this route' })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such trainer, requirement or country in your scope' })
@Controller()
export class CertificationController {
  constructor(private readonly certification: CertificationService) {}

  @Get('certification-programs/:country')
  @RequirePermission(Permission.TrainersRead)
  @ApiOperation({ summary: "A country's requirements to certified trainer and its lapse rule" })
  @ApiOkResponse({ type: CertificationProgramDto })
  async program(
    @CurrentUser() user: AuthUser,
    @Param() params: CountryParamsDto,
    @RequestLocale() locale: Locale,
  ): Promise<CertificationProgramDto> {
    return CertificationProgramDto.from(await this.certification.program(user, params.country), locale);
  }

  @Put('certification-programs/:country')
  @RequirePermission(Permission.TrainersManage)
  @ApiOperation({
    summary: "Replaces a country's requirement list (in order) and lapse rule",
    description: 'Requirements are matched by code; one left out is removed unless a trainer was evaluated on it.',
  })
  @ApiOkResponse({ type: CertificationProgramDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A requirement left out has trainers evaluated on it' })
  async saveProgram(
    @CurrentUser() user: AuthUser,
    @Param() params: CountryParamsDto,
    @Body() dto: SaveCertificationProgramDto,
    @RequestLocale() locale: Locale,
  ): Promise<CertificationProgramDto> {
    return CertificationProgramDto.from(
      await this.certification.saveProgram(user, params.country, dto, locale),
      locale,
    );
  }

  @Get('trainers/:id/certification')
  @RequirePermission(Permission.TrainersRead)
  @ApiOperation({ summary: "A trainer's requirements, and whether they are certified on a day (?on=, else today)" })
  @ApiOkResponse({ type: TrainerCertificationDto })
  async forTrainer(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: CertificationAtQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainerCertificationDto> {
    return TrainerCertificationDto.from(await this.certification.forTrainer(user, id, query.on), locale);
  }

  @Put('trainers/:id/requirements/:code')
  @RequirePermission(Permission.TrainersManage)
  @ApiOperation({ summary: 'Sets the state of a requirement as the caller, from a day on (kept in its history)' })
  @ApiOkResponse({ type: TrainerCertificationDto })
  async setState(
    @CurrentUser() user: AuthUser,
    @Param() params: TrainerRequirementParamsDto,
    @Body() dto: SetRequirementStateDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainerCertificationDto> {
    return TrainerCertificationDto.from(await this.certification.setState(user, params.id, params.code, dto), locale);
  }

  @Post('trainers/:id/requirements/:code/extensions')
  @RequirePermission(Permission.TrainersManage)
  @ApiOperation({ summary: "Extends a requirement's deadline, with the reason (each extension is kept)" })
  @ApiCreatedResponse({ type: TrainerCertificationDto })
  async extendDeadline(
    @CurrentUser() user: AuthUser,
    @Param() params: TrainerRequirementParamsDto,
    @Body() dto: ExtendDeadlineDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainerCertificationDto> {
    return TrainerCertificationDto.from(
      await this.certification.extendDeadline(user, params.id, params.code, dto),
      locale,
    );
  }

  @Post('trainers/:id/refreshers')
  @RequirePermission(Permission.TrainersManage)
  @ApiOperation({ summary: 'Records a refresher the trainer took: it restarts the months to lapse' })
  @ApiCreatedResponse({ type: TrainerCertificationDto })
  async recordRefresher(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RecordRefresherDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainerCertificationDto> {
    return TrainerCertificationDto.from(await this.certification.recordRefresher(user, id, dto), locale);
  }
}
