import Fastify from 'fastify';
import { pino } from 'pino';
import { QueryFailedError } from 'typeorm';

import { requestContext } from '@cascade/common';
import type { Environment } from '@cascade/config';

import { loggerOptions, logRequests } from './logging.js';

describe('the log', () => {
  it("keeps a failed query's parameters and PostgreSQL's row detail (names) out of an error line", () => {
    const lines: string[] = [];
    const { level, serializers, redact } = loggerOptions({ LOG_LEVEL: 'info', LOG_PRETTY: false } as Environment);
    const logger = pino({ level, serializers, redact }, { write: (line: string) => lines.push(line) });
    const driverError = Object.assign(new Error('null value in column "profession" violates not-null constraint'), {
      code: '23502',
      table: 'trainees',
      detail: 'Failing row contains (4f1c…, Тоқтоғулов Нурлан, Toktogulov Nurlan, null, …).',
    });
    const error = new QueryFailedError(
      'INSERT INTO "trainees"("full_name", "latin_name") VALUES ($1, $2)',
      ['Тоқтоғулов Нурлан', 'Toktogulov Nurlan'],
      driverError,
    );

    // As the exception filter logs an unhandled error through nestjs-pino.
    logger.error({ err: error, requestId: 'r-1' }, 'Unhandled error');

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/Тоқтоғулов|Toktogulov/);
    expect(JSON.parse(lines[0])).toMatchObject({
      requestId: 'r-1',
      err: { type: 'QueryFailedError', code: '23502', table: 'trainees', query: expect.stringContaining('trainees') },
    });
  });

  it('writes one line a request, with its id, method, path without the query, status and time', async () => {
    const lines: string[] = [];
    const { level, mixin, redact } = loggerOptions({ LOG_LEVEL: 'info', LOG_PRETTY: false } as Environment);
    const logger = pino({ level, mixin, redact }, { write: (line: string) => lines.push(line) });
    const server = Fastify({ genReqId: () => 'r-42' });
    server.addHook('onRequest', (request, _reply, done) => requestContext.run(String(request.id), done));
    logRequests(server, logger);
    server.get('/trainees', () => {
      logger.info('searching');
      return [];
    });
    server.get('/broken', () => {
      throw new Error('no');
    });

    await server.inject({ method: 'GET', url: '/trainees?search=Жылдыз%20Сыдыкова' });
    await server.inject({ method: 'GET', url: '/broken' });
    await server.close();

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.join('')).not.toMatch(/search=|Жылдыз|%D0/);
    expect(parsed[0]).toMatchObject({ msg: 'searching', reqId: 'r-42' });
    expect(parsed[1]).toMatchObject({
      level: 30,
      msg: 'request completed',
      request: { id: 'r-42', method: 'GET', path: '/trainees' },
      response: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(parsed[2]).toMatchObject({ level: 50, msg: 'request errored', response: { statusCode: 500 } });
  });
});
