import { Module } from '@nestjs/common';

import { JobsModule } from '../../../infrastructure/jobs/index.js';
import { DuplicateDetector } from './duplicate-detector.service.js';
import { DuplicateScansService } from './duplicate-scans.service.js';
import { DuplicatesController } from './duplicates.controller.js';
import { DuplicatesService } from './duplicates.service.js';
import { MergesService } from './merges.service.js';

/**
 * Duplicate trainees: the detection (DuplicateDetector, used by registration and imports), the
 * officers' queue, and merges with their undo. Part of the trainees feature: only TraineesModule
 * imports it (and re-exports it); other features reach it through `trainees/index.ts`.
 */
@Module({
  imports: [JobsModule],
  controllers: [DuplicatesController],
  providers: [DuplicateDetector, DuplicatesService, MergesService, DuplicateScansService],
  exports: [DuplicateDetector, DuplicatesService, MergesService, DuplicateScansService],
})
export class DuplicatesModule {}
