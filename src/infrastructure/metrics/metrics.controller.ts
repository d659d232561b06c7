import { Controller, Get, Headers, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Public } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import { MetricsService } from './metrics.service.js';
import { metricsAccess } from './metrics-access.js';
import { MetricsErrorCode } from './metrics-error-code.js';

/** Prometheus's scrape: open to the METRICS_TOKEN bearer only, and absent while no token is set. */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  // Not a user's route: the token, not a role, opens it.
  @Public()
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'The metrics in the Prometheus text format' })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the request does not carry it' })
  @ApiNotFoundResponse({ description: 'METRICS_TOKEN is not set: metrics are not served' })
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    switch (metricsAccess(this.config.env, authorization)) {
      case 'disabled':
        throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.RouteNotFound, {
          method: 'GET',
          path: '/metrics',
        });
      case 'denied':
        throw new AppException(HttpStatus.UNAUTHORIZED, MetricsErrorCode.TokenRequired, {}, [], {
          'www-authenticate': 'Bearer realm="metrics"',
        });
      case 'allowed':
        break;
    }
    void reply.header('content-type', this.metrics.registry.contentType).header('cache-control', 'no-store');
    return this.metrics.registry.metrics();
  }
}
