import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

import { PageQueryDto } from '@cascade/common';

export class ListDuplicatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'KG', description: 'One of your countries; all of them when not given' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;
}
