import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class CreateTrainerLinkDto {
  @ApiProperty({ format: 'uuid', description: 'The trainer who trained this one; both must be in your countries' })
  @IsUUID()
  trainedById: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The training of trainers where it happened, when known' })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}
