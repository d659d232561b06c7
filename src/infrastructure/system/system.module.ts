import { Module } from '@nestjs/common';

import { JobsModule } from '../jobs/index.js';
import { DataInventoryService } from './data-inventory.service.js';
import { SystemController } from './system.controller.js';

@Module({
  imports: [JobsModule],
  controllers: [SystemController],
  providers: [DataInventoryService],
  exports: [DataInventoryService],
})
export class SystemModule {}
