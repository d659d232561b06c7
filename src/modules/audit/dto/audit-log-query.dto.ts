import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';

import { PageQueryDto } from '@cascade/common';

export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only changes made by this user' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @MaxLength(60)
  @Matches(/^[a-z_]+$/)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'From this time, inclusive' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'Until this time, inclusive' })
  @IsOptional()
  @IsISO8601()
  to?: string;
}
