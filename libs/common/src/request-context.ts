import type { FastifyRequest } from 'fastify';

import { type Locale, resolveLocale } from '@cascade/i18n';

/** The locale preference of a signed-in user, when authentication has attached one. */
interface WithUserLocale {
  user?: { locale?: string | null };
}

export function requestLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  return resolveLocale(Array.isArray(header) ? header.join(',') : header, (request as WithUserLocale).user?.locale);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Keeps a caller's X-Request-Id when it is a plain token (so traces join up), else makes one. */
export function requestIdFrom(header: string | string[] | undefined, generate: () => string): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : generate();
}
