import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { JobsModule } from '../../infrastructure/jobs/jobs.module.js';
import { DuplicatesModule } from '../trainees/duplicates/duplicates.module.js';
import { UsersModule } from '../users/users.module.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { RegistryImport } from './registry-import.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([RegistryImport]), DuplicatesModule, JobsModule, UsersModule],
  controllers: [ImportsController],
  providers: [ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
