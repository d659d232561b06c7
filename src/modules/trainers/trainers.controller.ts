import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { CascadeResponseDto } from './dto/cascade.response.dto.js';
import { CreateTrainerDto } from './dto/create-trainer.dto.js';
import { ListTrainersQueryDto } from './dto/list-trainers-query.dto.js';
import { CreateTrainerLinkDto } from './dto/trained-by.dto.js';
import { TrainerDetailDto, TrainerPageDto, TrainerResponseDto } from './dto/trainer.response.dto.js';
import { UpdateTrainerDto } from './dto/update-trainer.dto.js';
import { TrainersService } from './trainers.service.js';

/** Trainer records are personal: officers see their countries', a trainer their own, donors none. */
@ApiTags('trainers')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Fields that are not valid, each with its message' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'The role may not use this route (donors)' })
@Controller('trainers')
export class TrainersController {
  constructor(private readonly trainers: TrainersService) {}

  @Get()
  @RequirePermission(Permission.TrainersRead)
  @ApiOperation({ summary: "Trainers in the caller's countries; a trainer sees only their own record" })
  @ApiOkResponse({ type: TrainerPageDto })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListTrainersQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainerPageDto> {
    const page = await this.trainers.list(user, query);
    return { ...page, items: page.items.map((trainer) => TrainerResponseDto.from(trainer, locale)) };
  }

  @Post()
  @RequirePermission(Permission.TrainersManage)
  @ApiOperation({ summary: "Adds a trainer in one of the caller's countries" })
  @ApiCreatedResponse({ type: TrainerDetailDto })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateTrainerDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainerDetailDto> {
    return TrainerDetailDto.fromDetail(await this.trainers.create(user, dto), locale);
  }

  @Get('me')
  @RequirePermission(Permission.TrainersRead)
  @ApiOperation({ summary: "The trainer record linked to the caller's account" })
  @ApiOkResponse({ type: TrainerDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No trainer record is linked to the account' })
  async mine(@CurrentUser() user: AuthUser, @RequestLocale() locale: Locale): Promise<TrainerDetailDto> {
    return TrainerDetailDto.fromDetail(await this.trainers.mine(user), locale);
  }

  @Get(':id')
  @RequirePermission(Permission.TrainersRead)
  @ApiOkResponse({ type: TrainerDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such trainer in your scope' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @RequestLocale() locale: Locale,
  ): Promise<TrainerDetailDto> {
    return TrainerDetailDto.fromDetail(await this.trainers.get(user, id), locale);
  }

  @Patch(':id')
  @RequirePermission(Permission.TrainersManage)
  @ApiOperation({ summary: 'Corrects a trainer; only an admin may link or unlink the account (userId)' })
  @ApiOkResponse({ type: TrainerDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The account is linked to another trainer' })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateTrainerDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainerDetailDto> {
    return TrainerDetailDto.fromDetail(await this.trainers.update(user, id, dto), locale);
  }

  @Post(':id/trained-by')
  @RequirePermission(Permission.TrainersManage)
  @ApiOperation({ summary: 'Records who trained this trainer' })
  @ApiCreatedResponse({ type: TrainerDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already recorded, or it would close a loop' })
  async addTrainedBy(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateTrainerLinkDto,
    @RequestLocale() locale: Locale,
  ): Promise<TrainerDetailDto> {
    return TrainerDetailDto.fromDetail(await this.trainers.addTrainedBy(user, id, dto, locale), locale);
  }

  @Delete(':id/trained-by/:trainedById')
  @RequirePermission(Permission.TrainersManage)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async removeTrainedBy(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('trainedById', new ParseUUIDPipe()) trainedById: string,
  ): Promise<void> {
    await this.trainers.removeTrainedBy(user, id, trainedById);
  }

  @Get(':id/cascade')
  @RequirePermission(Permission.TrainersRead)
  @ApiOperation({
    summary: 'The trainers this one trained, those they trained, … and the trainees they reached',
    description: 'See the fields of the answer for how trainees and the multiplier are counted.',
  })
  @ApiOkResponse({ type: CascadeResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async cascade(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @RequestLocale() locale: Locale,
  ): Promise<CascadeResponseDto> {
    return CascadeResponseDto.from(await this.trainers.cascade(user, id), locale);
  }
}
