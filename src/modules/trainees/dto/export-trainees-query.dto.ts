import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';

import { Profession } from '../../reference/index.js';
import { COUNTRY_CODE, REGION_CODE } from './trainee-fields.js';

/** Which trainees an export lists: always one country, narrowed as an officer plans invitations or reports. */
export class ExportTraineesQueryDto {
  @ApiProperty({ example: 'KG', description: 'One of your countries' })
  @Matches(COUNTRY_CODE)
  country: string;

  @ApiPropertyOptional({ example: 'KG-O' })
  @IsOptional()
  @Matches(REGION_CODE)
  region?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organization?: string;

  @ApiPropertyOptional({ enum: Profession })
  @IsOptional()
  @IsEnum(Profession)
  profession?: Profession;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the trainees enrolled in this event' })
  @IsOptional()
  @IsUUID()
  event?: string;
}
