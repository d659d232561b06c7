import { Module } from '@nestjs/common';

import { DuplicateDetector } from './duplicate-detector.service.js';
import { DuplicatesController } from './duplicates.controller.js';
import { DuplicatesService } from './duplicates.service.js';
import { MergesService } from './merges.service.js';

/**
 * Duplicate trainees: the detection (DuplicateDetector, used by registration and imports), the
 * officers' queue, and merges with their undo. Uses the trainees' and training records' tables;
 * imports no feature module, so trainees can import this one.
 */
@Module({
  controllers: [DuplicatesController],
  providers: [DuplicateDetector, DuplicatesService, MergesService],
  exports: [DuplicateDetector, DuplicatesService, MergesService],
})
export class DuplicatesModule {}
