import type { ServerResponse } from 'node:http';

import type { Options } from 'pino-http';

import type { Environment } from '@cascade/config';

/**
 * Structured JSON logs with the request id on every line. Personal data stays out: no
 * bodies, no query strings (searches carry names), no auth headers or cookies.
 */
export function loggerOptions(env: Environment): Options {
  return {
    level: env.LOG_LEVEL,
    transport: env.LOG_PRETTY ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    // Fastify has already chosen the id (see requestIdFrom); middie copies it onto the raw request.
    genReqId: (req) => req.id ?? 'unknown',
    customProps: () => ({ context: 'HTTP' }),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: ServerResponse & { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
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
