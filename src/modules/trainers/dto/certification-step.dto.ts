import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

import { IsDateOnly } from '@cascade/common';

import { CertificationStepKind } from '../certification-step.entity.js';

export class CertificationStepParamsDto {
  @ApiProperty()
  @IsUUID()
  id: string;

  @ApiProperty({ enum: CertificationStepKind })
  @IsEnum(CertificationStepKind)
  step: CertificationStepKind;
}

export class SignOffCertificationStepDto {
  @ApiProperty({
    format: 'date',
    example: '2025-05-15',
    description: 'The day the step was completed; not in the future',
  })
  @IsDateOnly()
  completedOn: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The event where it happened, when there was one' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ example: 'Observed by the master trainer on day 2: case-history module' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(500)
  note?: string;
}
