import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue, Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { queueBackendOf, QueueName } from '@cascade/queue';

/** The job states whose counts are exported per queue. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
const QUEUE_TIMEOUT_MS = 2_000;

/**
 * Every metric a Cascade process exports, in a registry of its own (several apps can share one
 * Node process in tests). Labels carry route templates, queue and job names and status codes only:
 * never an id, an address or anything a person typed.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  /** Metrics are kept only when they are served, that is when METRICS_TOKEN is set. */
  readonly enabled: boolean;

  private readonly httpRequests = new Counter({
    name: 'cascade_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'cascade_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to sending its answer, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'cascade_job_duration_seconds',
    help: 'Time a worker spent on one attempt of a job, by queue, job name and outcome (completed or failed).',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  private readonly jobFailures = new Counter({
    name: 'cascade_job_failures_total',
    help: 'Job attempts that failed, by queue and job name (a job retried three times counts three).',
    labelNames: ['queue', 'job'] as const,
    registers: [this.registry],
  });

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
    @Inject(getQueueToken(QueueName.System)) system: Queue,
    @Inject(getQueueToken(QueueName.Certificates)) certificates: Queue,
    @Inject(getQueueToken(QueueName.Exports)) exports: Queue,
    @Inject(getQueueToken(QueueName.Imports)) imports: Queue,
    @Inject(getQueueToken(QueueName.Duplicates)) duplicates: Queue,
    @Inject(getQueueToken(QueueName.Messages)) messages: Queue,
    @Inject(getQueueToken(QueueName.FollowUp)) followUp: Queue,
  ) {
    // Nothing is measured while no one may read it: no per-request or per-job cost then.
    this.enabled = Boolean(config.env.METRICS_TOKEN);
    if (this.enabled) collectDefaultMetrics({ register: this.registry });
    const backend = queueBackendOf(config);
    const queues = [system, certificates, exports, imports, duplicates, messages, followUp];

    new Gauge({
      name: 'cascade_queue_jobs',
      help: 'Jobs in each queue by state, read from the queue backend at scrape time.',
      labelNames: ['queue', 'state', 'backend'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.map(async (queue) => {
            const counts = await withTimeout(queue.getJobCounts(...QUEUE_STATES)).catch(() => undefined);
            if (!counts) return;
            for (const state of QUEUE_STATES) this.set({ queue: queue.name, state, backend }, counts[state] ?? 0);
          }),
        );
      },
    });
    new Gauge({
      name: 'cascade_queue_up',
      help: "1 when the queue backend answered the scrape's job counts within 2 s, else 0.",
      labelNames: ['backend'] as const,
      registers: [this.registry],
      async collect() {
        const answered = await withTimeout(system.getJobCounts('waiting')).then(
          () => 1,
          () => 0,
        );
        this.set({ backend }, answered);
      },
    });

    const pool = () => (dataSource.driver as unknown as { master?: Pool }).master;
    const poolGauge = (name: string, help: string, read: (pool: Pool) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const current = pool();
          if (current) this.set(read(current));
        },
      });
    poolGauge('cascade_db_pool_connections', 'Connections the PostgreSQL pool holds open.', (p) => p.totalCount);
    poolGauge('cascade_db_pool_idle_connections', 'Open pool connections not in use.', (p) => p.idleCount);
    poolGauge('cascade_db_pool_waiting_clients', 'Queries waiting for a pool connection.', (p) => p.waitingCount);
    poolGauge('cascade_db_pool_max_connections', 'The most connections the pool may open.', (p) => p.options.max ?? 10);
  }

  /** Counts and times every HTTP answer under its route template (`/trainees/:id`), never the raw URL. */
  observeHttp(fastify: FastifyInstance): void {
    if (!this.enabled) return;
    fastify.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        // Fastify's route template; a request that matched no route gets one shared label.
        route: request.routeOptions.url ?? '(unmatched)',
        status: String(reply.statusCode),
      };
      this.httpRequests.inc(labels);
      this.httpDuration.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }

  /** Times every attempt a BullMQ worker finishes, and counts the failed ones. */
  observeWorker(worker: Worker): void {
    if (!this.enabled) return;
    const observe = (job: Job | undefined, outcome: 'completed' | 'failed') => {
      if (!job) return;
      if (outcome === 'failed') this.jobFailures.inc({ queue: worker.name, job: job.name });
      // A failed attempt that will be retried has no finishedOn: it ends now.
      if (job.processedOn) {
        const end = job.finishedOn ?? Date.now();
        this.jobDuration.observe(
          { queue: worker.name, job: job.name, outcome },
          Math.max(0, end - job.processedOn) / 1000,
        );
      }
    };
    worker.on('completed', (job) => observe(job, 'completed'));
    worker.on('failed', (job) => observe(job, 'failed'));
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${QUEUE_TIMEOUT_MS} ms`)), QUEUE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
