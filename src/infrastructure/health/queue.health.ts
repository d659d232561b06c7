import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';

import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { queueBackendOf, QueueName } from '@cascade/queue';

const TIMEOUT_MS = 2_000;

/** Healthy when the queue backend answers a job count within two seconds. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(getQueueToken(QueueName.System)) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(key: string) {
    const indicator = this.health.check(key);
    const backend = queueBackendOf(this.config);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      });
      await Promise.race([this.queue.getJobCounts('waiting'), timeout]);
      return indicator.up({ backend });
    } catch (error) {
      return indicator.down({ backend, message: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
