import { randomBytes } from 'node:crypto';

import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';

import { AUTH_COOKIES } from '@cascade/auth';
import type { AppConfig } from '@cascade/config';

import type { Session } from './auth.service.js';

/** The attributes every session cookie shares (also the queue board's copy of the CSRF token). */
export function sessionCookieBase(config: AppConfig): CookieSerializeOptions {
  return {
    secure: config.env.COOKIE_SECURE ?? config.env.NODE_ENV === 'production',
    sameSite: 'strict',
    path: '/',
  };
}

/**
 * The session for web pages: both tokens httpOnly (no script can read them), the refresh
 * token sent only to /auth, and a CSRF token a page's own script can read and echo.
 */
export function setSessionCookies(reply: FastifyReply, session: Session, config: AppConfig): void {
  const options = sessionCookieBase(config);
  void reply.setCookie(AUTH_COOKIES.access, session.accessToken, {
    ...options,
    httpOnly: true,
    expires: session.accessTokenExpiresAt,
  });
  void reply.setCookie(AUTH_COOKIES.refresh, session.refreshToken, {
    ...options,
    httpOnly: true,
    path: '/auth',
    expires: session.refreshTokenExpiresAt,
  });
  void reply.setCookie(AUTH_COOKIES.csrf, randomBytes(24).toString('base64url'), {
    ...options,
    httpOnly: false,
    expires: session.refreshTokenExpiresAt,
  });
}

export function clearSessionCookies(reply: FastifyReply, config: AppConfig): void {
  const options = sessionCookieBase(config);
  void reply.clearCookie(AUTH_COOKIES.access, options);
  void reply.clearCookie(AUTH_COOKIES.refresh, { ...options, path: '/auth' });
  void reply.clearCookie(AUTH_COOKIES.csrf, options);
}
