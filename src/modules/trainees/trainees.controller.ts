import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, RequestLocale } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

import { CreateTraineeDto } from './dto/create-trainee.dto.js';
import { ExportTraineesQueryDto } from './dto/export-trainees-query.dto.js';
import { ListTraineesQueryDto } from './dto/list-trainees-query.dto.js';
import { TraineePageDto, TraineeResponseDto } from './dto/trainee.response.dto.js';
import { UpdateTraineeDto } from './dto/update-trainee.dto.js';
import type { Trainee } from './trainee.entity.js';
import { TraineeExportService } from './trainee-export.service.js';
import { TraineesService } from './trainees.service.js';

const traineeDto = (trainee: Trainee, locale: Locale) =>
  TraineeResponseDto.from(trainee, {
    sex: translate(locale, `enums.sex.${trainee.sex}`),
    profession: translate(locale, `enums.profession.${trainee.profession}`),
  });

/** Trainees' personal records: never open to donors, who see aggregates only. */
@ApiTags('trainees')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Donors, and roles without the permission' })
@Controller('trainees')
export class TraineesController {
  constructor(
    private readonly trainees: TraineesService,
    private readonly exports: TraineeExportService,
  ) {}

  @Post()
  @RequirePermission(Permission.TraineesRegister)
  @ApiOperation({ summary: 'Register a trainee with their consent, in one of your countries' })
  @ApiCreatedResponse({ type: TraineeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Per field: no consent, a country not yours, …' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'possible_duplicates: the body also lists `candidates` (traineeId, fullName, latinName, score, matchingFields, ' +
      'conflictingFields); send notDuplicate: true to register anyway',
  })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateTraineeDto,
    @RequestLocale() locale: Locale,
  ): Promise<TraineeResponseDto> {
    return traineeDto(await this.trainees.create(user, dto), locale);
  }

  @Get()
  @RequirePermission(Permission.TraineesRead)
  @ApiOperation({ summary: 'Trainees of your countries (officers) or of the events you teach (trainers)' })
  @ApiOkResponse({ type: TraineePageDto })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListTraineesQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<TraineePageDto> {
    const page = await this.trainees.list(user, query);
    return { ...page, items: page.items.map((trainee) => traineeDto(trainee, locale)) };
  }

  @Get('export.csv')
  @RequirePermission(Permission.TraineesExport)
  @ApiOperation({
    summary: "One of your countries' trainees as CSV (UTF-8 with BOM, headers in your language), streamed; audited",
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file; a trainee who withdrew consent has no name or contact in it' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'A country that is not yours, or does not exist' })
  async export(
    @CurrentUser() user: AuthUser,
    @Query() query: ExportTraineesQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<StreamableFile> {
    const file = await this.exports.export(user, query, locale);
    return new StreamableFile(file.stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Get(':id')
  @RequirePermission(Permission.TraineesRead)
  @ApiOkResponse({ type: TraineeResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such trainee, or not one you may see' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @RequestLocale() locale: Locale,
  ): Promise<TraineeResponseDto> {
    return traineeDto(await this.trainees.get(user, id), locale);
  }

  @Patch(':id')
  @RequirePermission(Permission.TraineesManage)
  @ApiOperation({ summary: "Correct a trainee's record; no name or contact once consent is withdrawn (409)" })
  @ApiOkResponse({ type: TraineeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'consent_withdrawn, trainee_merged' })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateTraineeDto,
    @RequestLocale() locale: Locale,
  ): Promise<TraineeResponseDto> {
    return traineeDto(await this.trainees.update(user, id, dto), locale);
  }

  @Post(':id/withdraw-consent')
  @HttpCode(HttpStatus.OK)
  @RequirePermission(Permission.TraineesManage)
  @ApiOperation({
    summary: 'Record that the trainee withdrew consent: erases name, birth year and contact, keeps the counts',
  })
  @ApiOkResponse({ type: TraineeResponseDto, description: 'Also when consent was already withdrawn' })
  async withdrawConsent(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @RequestLocale() locale: Locale,
  ): Promise<TraineeResponseDto> {
    return traineeDto(await this.trainees.withdrawConsent(user, id), locale);
  }
}
