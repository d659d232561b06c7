import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { AuditLogEntry } from './audit-log-entry.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([AuditLogEntry])],
  controllers: [AuditController],
  providers: [AuditService],
})
export class AuditModule {}
