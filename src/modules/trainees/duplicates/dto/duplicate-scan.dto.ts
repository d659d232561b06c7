import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** POST /duplicates/scans: the country whose duplicate queue is refilled from all its trainees. */
export class StartDuplicateScanDto {
  @ApiProperty({ example: 'KG', description: 'One of your countries' })
  @Matches(/^[A-Z]{2}$/)
  country: string;
}

/** A country's last registry-wide scan and its progress. */
export class DuplicateScanDto {
  @ApiProperty({ example: 'KG' }) country: string;
  @ApiProperty({ description: 'The job running it: GET /jobs/duplicates/:jobId for the one who started it' })
  jobId: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ type: String, nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
  @ApiProperty({ description: 'Trainees of the country with a name to compare' }) traineesTotal: number;
  @ApiProperty({ description: 'Trainees whose pairs are scored so far' }) traineesDone: number;
  @ApiProperty({ description: 'Pairs at or above the threshold found so far' }) pairs: number;
  @ApiProperty({ type: String, nullable: true, description: 'When the last finished scan began' })
  queueAsOf: string | null;
}
