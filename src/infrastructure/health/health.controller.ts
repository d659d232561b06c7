import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';

import { Public } from '@cascade/auth';

import { QueueHealthIndicator } from './queue.health.js';

/** Liveness for load balancers and compose: 200 when the database and the queue answer, else 503. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'Database and queue are up' })
  @ApiServiceUnavailableResponse({ description: 'The database or the queue does not answer' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2_000 }),
        () => this.queue.check('queue'),
      ]);
    } catch (error) {
      // Keep terminus's per-component report rather than the generic error shape: it says what is down.
      if (error instanceof ServiceUnavailableException) {
        void reply.status(503);
        return error.getResponse();
      }
      throw error;
    }
  }
}
