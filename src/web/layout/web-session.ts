import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { AUTH_COOKIES, type AuthUser } from '@cascade/auth';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import {
  type AccessTokenClaims,
  hasSessionClaims,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  jwtSecretFor,
} from '../../modules/auth/jwt-secret.js';
import { UsersService } from '../../modules/users/users.service.js';

export type PageRequest = FastifyRequest & { cookies?: Record<string, string | undefined>; user?: AuthUser };

/**
 * The session as the pages see it. Guarded pages get their user from the AccessGuard; open pages
 * (sign-in, language, certificate check) ask here whether someone is signed in, with the same
 * token checks as the guard's 'jwt' strategy.
 */
@Injectable()
export class WebSession {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  /** The signed-in user of an open page, or null; attached to the request so its language follows. */
  async optionalUser(request: PageRequest): Promise<AuthUser | null> {
    if (request.user) return request.user;
    const token = request.cookies?.[AUTH_COOKIES.access];
    if (!token) return null;
    try {
      const payload = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        secret: jwtSecretFor(this.config),
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
      if (!hasSessionClaims(payload)) return null;
      const user = await this.users.loadAuthUser(payload.sub, 'cookie', payload.sid);
      if (user) request.user = user;
      return user;
    } catch {
      return null;
    }
  }

  /**
   * The CSRF token a page's forms carry: the cookie's value, or a new one set now for a visitor
   * without a session (the sign-in and language forms are protected too).
   */
  csrfToken(request: PageRequest, reply: FastifyReply): string {
    const existing = request.cookies?.[AUTH_COOKIES.csrf];
    if (existing) return existing;
    const token = randomBytes(24).toString('base64url');
    void reply.setCookie(AUTH_COOKIES.csrf, token, {
      secure: this.config.env.COOKIE_SECURE ?? this.config.env.NODE_ENV === 'production',
      sameSite: 'strict',
      path: '/',
      httpOnly: false,
    });
    // Later reads in this request see it, as the next request will.
    request.cookies = { ...request.cookies, [AUTH_COOKIES.csrf]: token };
    return token;
  }
}
