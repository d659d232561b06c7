/**
 * Metrics: Prometheus counters and gauges of the API (GET /metrics) and of the worker (METRICS_PORT).
 * The feature's public face: other code imports from this file only, never its other files.
 */
export { MetricsModule, WorkerMetricsModule } from './metrics.module.js';
export { MetricsService } from './metrics.service.js';
