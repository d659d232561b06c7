import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { type AuthUser, CurrentUser, Permission, RequirePermission } from '@cascade/auth';
import { JobName } from '@cascade/queue';

import { JobAcceptedResponseDto, JobsService } from '../jobs/index.js';

@ApiTags('system')
@ApiBearerAuth()
@Controller('system')
export class SystemController {
  constructor(private readonly jobs: JobsService) {}

  /** Starts a data inventory; poll the returned status URL for the result. */
  @Post('data-inventory')
  @RequirePermission(Permission.SystemInventory)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: JobAcceptedResponseDto })
  async startDataInventory(@CurrentUser() user: AuthUser): Promise<JobAcceptedResponseDto> {
    const { queue, jobId } = await this.jobs.enqueue(JobName.DataInventory, {
      requestedBy: user.id,
      requestedAt: new Date().toISOString(),
    });
    return JobAcceptedResponseDto.of(queue, jobId);
  }
}
