import type { FastifyRequest } from 'fastify';

import { isLocale, type Locale, LOCALE_COOKIE, resolveLocale } from '@cascade/i18n';

/** The locale preference of a signed-in user, when authentication has attached one, and the cookies. */
interface WithUserLocale {
  user?: { locale?: string | null };
  cookies?: Record<string, string | undefined>;
}

/** The signed-in user's language, else the one a visitor chose on a page (a cookie), else Accept-Language. */
export function requestLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  const { user, cookies } = request as WithUserLocale;
  const preferred = isLocale(user?.locale) ? user.locale : cookies?.[LOCALE_COOKIE];
  return resolveLocale(Array.isArray(header) ? header.join(',') : header, preferred);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Keeps a caller's X-Request-Id when it is a plain token (so traces join up), else makes one. */
export function requestIdFrom(header: string | string[] | undefined, generate: () => string): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : generate();
}
