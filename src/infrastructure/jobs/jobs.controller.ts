import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { ErrorResponseDto, RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { JobParamsDto } from './dto/job-params.dto.js';
import { JobStatusResponseDto } from './dto/job-status.response.dto.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':queue/:id')
  @RequirePermission(Permission.JobsRead)
  @ApiOkResponse({ type: JobStatusResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async status(
    @CurrentUser() user: AuthUser,
    @Param() params: JobParamsDto,
    @RequestLocale() locale: Locale,
  ): Promise<JobStatusResponseDto> {
    return JobStatusResponseDto.from(await this.jobs.status(user, params.queue, params.id), locale);
  }
}
