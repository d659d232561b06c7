import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';

import { QueueName } from './jobs.js';

/**
 * Holds the process's start until every queue's backend is ready. Each Queue connects in the
 * background as it is built; on PostgreSQL that first connection checks the queue schema on a
 * client held outside any query, and a database lost at that moment would end the process. Waiting
 * here puts that window inside start-up, where a failure stops the start with its cause.
 */
@Injectable()
export class QueueReadiness implements OnModuleInit {
  constructor(private readonly moduleRef: ModuleRef) {}

  async onModuleInit(): Promise<void> {
    await Promise.all(
      Object.values(QueueName).map((name) =>
        this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).waitUntilReady(),
      ),
    );
  }
}
