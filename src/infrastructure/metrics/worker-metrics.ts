import { createServer, type Server } from 'node:http';

import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Worker } from 'bullmq';

import { APP_CONFIG, type AppConfig, ConfigurationError } from '@cascade/config';

import { MetricsService } from './metrics.service.js';
import { metricsAccess } from './metrics-access.js';

/**
 * The worker's side of the metrics: it times the jobs its processors run and, when METRICS_PORT is
 * set, serves its own `/metrics` there (same bearer token as the API's) — each worker is scraped
 * on its own, so nothing goes through the database.
 */
@Injectable()
export class WorkerMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetrics.name);
  private server?: Server;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // @nestjs/bullmq builds each processor's Worker when the module starts, before this runs.
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance instanceof WorkerHost) this.metrics.observeWorker(instance.worker as Worker);
    }
    const port = this.config.env.METRICS_PORT;
    if (port !== undefined) {
      this.server = await this.listen(port, this.config.env.HOST);
      this.logger.log(`Worker metrics on http://${this.config.env.HOST}:${port}/metrics`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(port: number, host: string): Promise<Server> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (request.method !== 'GET' || path !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      if (metricsAccess(this.config.env, request.headers.authorization) !== 'allowed') {
        response.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
        return;
      }
      this.metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new ConfigurationError('METRICS_PORT', 'is already in use: set it to a free port', String(port))
            : error,
        ),
      );
      server.listen(port, host, () => resolve(server));
    });
  }
}
