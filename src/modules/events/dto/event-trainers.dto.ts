import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsUUID, ValidateNested } from 'class-validator';

import { EventTrainerRole } from '../event-trainer.entity.js';

export class EventTrainerInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  trainerId: string;

  @ApiProperty({ enum: EventTrainerRole })
  @IsEnum(EventTrainerRole)
  role: EventTrainerRole;
}

/** The whole list of an event's trainers: 1 to 3, exactly one of them the lead. */
export class SetEventTrainersDto {
  @ApiProperty({ type: [EventTrainerInputDto], minItems: 1, maxItems: 3 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => EventTrainerInputDto)
  trainers: EventTrainerInputDto[];
}
