import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** Two trainees an officer knows are different people. */
export class MarkDistinctDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  traineeId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  otherTraineeId: string;
}
