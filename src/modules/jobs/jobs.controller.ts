import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { ErrorResponseDto, RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { JobParamsDto } from './dto/job-params.dto.js';
import { JobStatusResponseDto } from './dto/job-status.response.dto.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':queue/:id')
  @ApiOkResponse({ type: JobStatusResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async status(@Param() params: JobParamsDto, @RequestLocale() locale: Locale): Promise<JobStatusResponseDto> {
    return JobStatusResponseDto.from(await this.jobs.status(params.queue, params.id), locale);
  }
}
