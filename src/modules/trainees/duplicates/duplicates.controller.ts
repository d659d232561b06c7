import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, PageQueryDto } from '@cascade/common';

import { JobAcceptedResponseDto } from '../../../infrastructure/jobs/index.js';
import { DuplicateScanDto, StartDuplicateScanDto } from './dto/duplicate-scan.dto.js';
import { DuplicatePairPageDto, TraineeMergeDto } from './dto/duplicates.response.dto.js';
import { ListDuplicatesQueryDto } from './dto/duplicates-query.dto.js';
import { MarkDistinctDto } from './dto/mark-distinct.dto.js';
import { MergeTraineesDto } from './dto/merge-trainees.dto.js';
import { DuplicateScansService } from './duplicate-scans.service.js';
import { DuplicatesService } from './duplicates.service.js';
import { MergesService } from './merges.service.js';

class TraineeMergePageDto {
  @ApiProperty({ type: [TraineeMergeDto] }) items: TraineeMergeDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

/** The officers' duplicate queue: possible duplicate trainees, "different people", merges and their undo. */
@ApiTags('duplicates')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Trainers and donors' })
@Controller('duplicates')
export class DuplicatesController {
  constructor(
    private readonly duplicates: DuplicatesService,
    private readonly merges: MergesService,
    private readonly scans: DuplicateScansService,
  ) {}

  @Get()
  @RequirePermission(Permission.DuplicatesReview)
  @ApiOperation({ summary: 'Pairs of trainees of your countries that may be one person, the likeliest first' })
  @ApiOkResponse({ type: DuplicatePairPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ListDuplicatesQueryDto): Promise<DuplicatePairPageDto> {
    return this.duplicates.list(user, query);
  }

  @Post('distinct')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission(Permission.DuplicatesReview)
  @ApiOperation({ summary: 'Record that two trainees are different people: the pair is never proposed again' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'The same trainee twice, or of two countries' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'A trainee that does not exist or is not yours' })
  async markDistinct(@CurrentUser() user: AuthUser, @Body() dto: MarkDistinctDto): Promise<void> {
    await this.duplicates.markDistinct(user, dto);
  }

  @Post('merge')
  @RequirePermission(Permission.DuplicatesReview)
  @ApiOperation({
    summary:
      'Merge a duplicate into the record that stays: its enrollments, marks, scores and certificates move, it is retired',
  })
  @ApiCreatedResponse({ type: TraineeMergeDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'The same trainee twice, or of two countries' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'A trainee that does not exist or is not yours' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'trainee_merged, merge_both_certified, merge_consent_withdrawn',
  })
  async merge(@CurrentUser() user: AuthUser, @Body() dto: MergeTraineesDto): Promise<TraineeMergeDto> {
    return TraineeMergeDto.from(await this.merges.merge(user, dto), this.merges.undoDays);
  }

  @Get('merges')
  @RequirePermission(Permission.DuplicatesReview)
  @ApiOperation({ summary: 'Merges of your countries, newest first' })
  @ApiOkResponse({ type: TraineeMergePageDto })
  async listMerges(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<TraineeMergePageDto> {
    const page = await this.merges.list(user, query);
    return { ...page, items: page.items.map((merge) => TraineeMergeDto.from(merge, this.merges.undoDays)) };
  }

  @Post('merges/:id/undo')
  @HttpCode(HttpStatus.OK)
  @RequirePermission(Permission.DuplicatesReview)
  @ApiOperation({ summary: 'Undo a merge within MERGE_UNDO_DAYS: both records exactly as they were' })
  @ApiOkResponse({ type: TraineeMergeDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'merge_already_undone, merge_undo_expired, merge_undo_blocked, merge_consent_withdrawn',
  })
  async undo(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<TraineeMergeDto> {
    return TraineeMergeDto.from(await this.merges.undo(user, id), this.merges.undoDays);
  }

  @Post('scans')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermission(Permission.DuplicatesReview)
  @ApiOperation({
    summary:
      'Refill a country’s duplicate queue from all pairs of its trainees, as a job: 202 and the job to poll ' +
      '(one scan a country at a time: asking again while one runs answers with that one)',
  })
  @ApiAcceptedResponse({ type: JobAcceptedResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A country that is not yours, or does not exist' })
  async startScan(@CurrentUser() user: AuthUser, @Body() dto: StartDuplicateScanDto): Promise<JobAcceptedResponseDto> {
    const { queue, jobId } = await this.scans.start(user, dto.country);
    return JobAcceptedResponseDto.of(queue, jobId);
  }

  @Get('scans')
  @RequirePermission(Permission.DuplicatesReview)
  @ApiOperation({ summary: 'The last registry-wide scan of each of your countries, with its progress' })
  @ApiOkResponse({ type: [DuplicateScanDto] })
  listScans(@CurrentUser() user: AuthUser): Promise<DuplicateScanDto[]> {
    return this.scans.list(user);
  }
}
