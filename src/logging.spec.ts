import { pino } from 'pino';
import { QueryFailedError } from 'typeorm';

import type { Environment } from '@cascade/config';

import { loggerOptions } from './logging.js';

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
});
