import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { JobsModule } from '../../infrastructure/jobs/index.js';
import { TraineesModule } from '../trainees/index.js';
import { UsersModule } from '../users/index.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { ImportsHistoryService } from './imports-history.service.js';
import { RegistryImport } from './registry-import.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([RegistryImport]), TraineesModule, JobsModule, UsersModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsHistoryService],
  exports: [ImportsService, ImportsHistoryService],
})
export class ImportsModule {}
