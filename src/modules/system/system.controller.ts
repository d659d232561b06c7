import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';

import { JobName } from '@cascade/queue';

import { JobAcceptedResponseDto } from '../jobs/dto/job-accepted.response.dto.js';
import { JobsService } from '../jobs/jobs.service.js';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(private readonly jobs: JobsService) {}

  /** Starts a data inventory; poll the returned status URL for the result. */
  @Post('data-inventory')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: JobAcceptedResponseDto })
  async startDataInventory(): Promise<JobAcceptedResponseDto> {
    const { queue, jobId } = await this.jobs.enqueue(JobName.DataInventory, { requestedAt: new Date().toISOString() });
    return JobAcceptedResponseDto.of(queue, jobId);
  }
}
