import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, Matches } from 'class-validator';

import { QueueName } from '@cascade/queue';

export class JobParamsDto {
  @ApiProperty({ enum: QueueName })
  @IsEnum(QueueName)
  queue: QueueName;

  @ApiProperty({ example: '42' })
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/)
  id: string;
}
