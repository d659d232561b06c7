import { ApiProperty } from '@nestjs/swagger';

import type { AuditLogEntry } from '../audit-log-entry.entity.js';

export class AuditLogEntryResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ enum: ['create', 'update', 'delete', 'export'] }) action: string;
  @ApiProperty({ example: 'user' }) entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ type: [String] }) changedFields: string[];
  @ApiProperty({ nullable: true, type: Object }) values: Record<string, unknown> | null;

  static from(entry: AuditLogEntry): AuditLogEntryResponseDto {
    return { ...entry, occurredAt: entry.occurredAt.toISOString() };
  }
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogEntryResponseDto] }) items: AuditLogEntryResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
