import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { PageQueryDto } from '@cascade/common';

export class ListDuplicatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'KG', description: 'One of your countries; all of them when not given' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({
    description: 'Pairs where either person bears this name, in any word order, script or Latin scheme',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
