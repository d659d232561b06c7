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
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { ChangeEventStatusDto, CreateEventDto, ListEventsQueryDto, UpdateEventDto } from './dto/event.dto.js';
import { EventPageDto, EventResponseDto, EventSummaryDto } from './dto/event.response.dto.js';
import { SetEventTrainersDto } from './dto/event-trainers.dto.js';
import { EventsService } from './events.service.js';

/** Training events: officers plan them in their countries; trainers read the ones they teach. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @RequirePermission(Permission.EventsRead)
  @ApiOkResponse({ type: EventPageDto })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListEventsQueryDto,
    @RequestLocale() locale: Locale,
  ): Promise<EventPageDto> {
    const page = await this.events.list(user, query);
    return { ...page, items: page.items.map((listing) => EventSummaryDto.from(listing, locale)) };
  }

  @Get(':id')
  @RequirePermission(Permission.EventsRead)
  @ApiOkResponse({ type: EventResponseDto })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @RequestLocale() locale: Locale,
  ): Promise<EventResponseDto> {
    return EventResponseDto.fromDetail(await this.events.get(user, id), locale);
  }

  @Post()
  @RequirePermission(Permission.EventsManage)
  @ApiCreatedResponse({ type: EventResponseDto })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateEventDto,
    @RequestLocale() locale: Locale,
  ): Promise<EventResponseDto> {
    return EventResponseDto.fromDetail(await this.events.create(user, dto), locale);
  }

  @Patch(':id')
  @RequirePermission(Permission.EventsManage)
  @ApiOkResponse({ type: EventResponseDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateEventDto,
    @RequestLocale() locale: Locale,
  ): Promise<EventResponseDto> {
    return EventResponseDto.fromDetail(await this.events.update(user, id, dto, locale), locale);
  }

  @Post(':id/status')
  @HttpCode(HttpStatus.OK)
  @RequirePermission(Permission.EventsManage)
  @ApiOkResponse({ type: EventResponseDto })
  async changeStatus(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChangeEventStatusDto,
    @RequestLocale() locale: Locale,
  ): Promise<EventResponseDto> {
    return EventResponseDto.fromDetail(await this.events.changeStatus(user, id, dto, locale), locale);
  }

  @Put(':id/trainers')
  @RequirePermission(Permission.EventsManage)
  @ApiOkResponse({ type: EventResponseDto })
  async setTrainers(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SetEventTrainersDto,
    @RequestLocale() locale: Locale,
  ): Promise<EventResponseDto> {
    return EventResponseDto.fromDetail(await this.events.setTrainers(user, id, dto, locale), locale);
  }
}
