import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { Permission, RequirePermission } from '@cascade/auth';

import { AuditService } from './audit.service.js';
import { AuditLogEntryResponseDto, AuditLogPageDto } from './dto/audit-log-entry.response.dto.js';
import { AuditLogQueryDto } from './dto/audit-log-query.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission(Permission.AuditRead)
  @ApiOkResponse({ type: AuditLogPageDto })
  async list(@Query() query: AuditLogQueryDto): Promise<AuditLogPageDto> {
    const page = await this.audit.list(query);
    return { ...page, items: page.items.map((entry) => AuditLogEntryResponseDto.from(entry)) };
  }
}
