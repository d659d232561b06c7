import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { WorkerMetrics } from './worker-metrics.js';

/** The API's metrics: HTTP answers, queue depths and the database pool, served at GET /metrics. */
@Module({
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}

/** The worker's metrics: queue depths, the pool and job durations and failures, on METRICS_PORT. */
@Module({
  imports: [DiscoveryModule],
  providers: [MetricsService, WorkerMetrics],
})
export class WorkerMetricsModule {}
