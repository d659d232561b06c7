import { ApiProperty } from '@nestjs/swagger';

import type { QueueName } from '@cascade/queue';

/** The 202 answer to a request that started a job: where to poll for it. */
export class JobAcceptedResponseDto {
  @ApiProperty({ example: '42' }) jobId: string;
  @ApiProperty({ example: 'system' }) queue: string;
  @ApiProperty({ example: '/jobs/system/42' }) statusUrl: string;

  static of(queue: QueueName, jobId: string): JobAcceptedResponseDto {
    return { jobId, queue, statusUrl: `/jobs/${queue}/${encodeURIComponent(jobId)}` };
  }
}
