import type { FastifyInstance } from 'fastify';
import type { Logger, LoggerOptions } from 'pino';

import { requestContext } from '@cascade/common';
import type { Environment } from '@cascade/config';

/**
 * Structured JSON logs with the request id on every line made inside a request. Personal data
 * stays out: no bodies, no query strings (searches carry names), no auth headers or cookies.
 */
export function loggerOptions(env: Environment): LoggerOptions {
  return {
    level: env.LOG_LEVEL,
    transport: env.LOG_PRETTY ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    // The id Fastify chose (see requestIdFrom), from the request's context: no logger per request.
    mixin: () => {
      const context = requestContext.get();
      return context ? { reqId: context.requestId } : {};
    },
    redact: {
      paths: [
        // A failed query's error carries its parameters and PostgreSQL's detail ("Failing row
        // contains (…)"): a trainee's name among them. The SQL text, code and table stay.
        'err.parameters',
        'err.detail',
        'err.driverError.parameters',
        'err.driverError.detail',
      ],
      remove: true,
    },
  };
}

/**
 * One line a request once it is answered: its id, method, path (the query string left out) and
 * status, and the time it took. Written from Fastify's own hook rather than a Nest middleware,
 * which ran every request through a second router (middie) and built a child logger for it.
 */
export function logRequests(instance: FastifyInstance, logger: Logger): void {
  instance.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    logger[failed ? 'error' : 'info'](
      {
        context: 'HTTP',
        // Not `req` and `res`: the logger nestjs-pino builds serializes those as raw Node objects.
        request: { id: request.id, method: request.method, path: request.url.split('?')[0] },
        response: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime),
      },
      failed ? 'request errored' : 'request completed',
    );
    done();
  });
}
