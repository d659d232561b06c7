import { ApiProperty } from '@nestjs/swagger';

import { type Locale, translate } from '@cascade/i18n';
import type { JobStatus } from '@cascade/queue';

export class JobStatusResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() queue: string;
  @ApiProperty() name: string;
  @ApiProperty({
    enum: ['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children', 'unknown'],
  })
  state: string;
  @ApiProperty({ description: "The state in the caller's language" }) stateLabel: string;
  @ApiProperty({ description: 'Percent done, or a job-specific object' }) progress: number | object;
  @ApiProperty() attemptsMade: number;
  @ApiProperty({ nullable: true, description: 'The result, once completed' }) result: unknown;
  @ApiProperty({ nullable: true, type: String }) failedReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;

  static from(status: JobStatus, locale: Locale): JobStatusResponseDto {
    return { ...status, stateLabel: translate(locale, `jobs.states.${status.state}`) };
  }
}
