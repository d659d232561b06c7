import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { requestLocale } from './request-context.js';

/** The caller's locale: user preference, else Accept-Language, else English. */
export const RequestLocale = createParamDecorator((_: unknown, context: ExecutionContext) =>
  requestLocale(context.switchToHttp().getRequest<FastifyRequest>()),
);
