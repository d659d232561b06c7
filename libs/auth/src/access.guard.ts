import { timingSafeEqual } from 'node:crypto';

import { type ExecutionContext, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import passport from 'passport';

import { AppException, CommonErrorCode, requestContext } from '@cascade/common';
import { isDatabaseUnavailable } from '@cascade/database';

import { AUTH_COOKIES, AuthErrorCode, CSRF_HEADER } from './auth-error-code.js';
import type { AuthUser } from './auth-user.js';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION, USER_CHECKED_BY_STATEMENT } from './decorators.js';
import { type Permission, roleHas } from './roles.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Set by the guard on a route marked @UserCheckedByStatement(), read by the 'jwt' strategy. */
export interface UserFromClaims {
  userFromClaims?: boolean;
}

/**
 * The global guard, deny by default: a route is open only if marked @Public(), or if it
 * names a permission the signed-in user's current role has. The user is authenticated by
 * the 'jwt' passport strategy (bearer header or cookie) and reloaded on every request, so a
 * deactivation or a role change takes effect at once.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (!permission) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no permission: refused`);
      throw new AppException(HttpStatus.FORBIDDEN, AuthErrorCode.RouteWithoutPermission);
    }

    const request = context.switchToHttp().getRequest<FastifyRequest & { user: AuthUser } & UserFromClaims>();
    if (this.reflector.getAllAndOverride<boolean>(USER_CHECKED_BY_STATEMENT, targets)) request.userFromClaims = true;
    await super.canActivate(context);
    authorize(request, request.user, permission);
    return true;
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false): TUser {
    return authenticatedOr401(error, user);
  }
}

function authenticatedOr401<TUser>(error: unknown, user: TUser | false): TUser {
  // A lost database while loading the user is a 503, not a failed sign-in.
  if (isDatabaseUnavailable(error)) throw error;
  if (error || !user) throw new AppException(HttpStatus.UNAUTHORIZED, CommonErrorCode.Unauthorized);
  return user;
}

/**
 * The guard's rules once the user is known: CSRF for cookie-authenticated writes, then the
 * permission (403). `csrfHeader` names the header that must repeat the CSRF cookie.
 */
export function authorize(request: FastifyRequest, user: AuthUser, permission: Permission, csrfHeader = CSRF_HEADER) {
  requestContext.setActor(user.id);
  if (user.via === 'cookie' && !SAFE_METHODS.has(request.method)) assertCsrfToken(request, csrfHeader);
  if (!roleHas(user.role, permission)) throw new AppException(HttpStatus.FORBIDDEN, CommonErrorCode.Forbidden);
}

/**
 * For plain Fastify routes outside Nest's guards (the queue board): the same passport 'jwt'
 * strategy the guard runs — bearer header or session cookie, key, algorithm, issuer, audience,
 * and the user reloaded, so a deactivation counts at once. 401 when there is no valid token.
 */
export function authenticateRequest(request: FastifyRequest, reply: FastifyReply): Promise<AuthUser> {
  return new Promise((resolve, reject) => {
    const middleware = passport.authenticate('jwt', { session: false }, (error: unknown, user: AuthUser | false) => {
      try {
        resolve(authenticatedOr401(error, user));
      } catch (failure) {
        reject(failure instanceof Error ? failure : new Error(String(failure)));
      }
    }) as (request: FastifyRequest, reply: FastifyReply, next: (error?: unknown) => void) => void;
    middleware(request, reply, reject);
  });
}

/** Double-submit check: the header must repeat the CSRF cookie, which another site cannot read. */
export function assertCsrfToken(request: FastifyRequest, csrfHeader = CSRF_HEADER): void {
  const cookie = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[
    AUTH_COOKIES.csrf
  ];
  const header = request.headers[csrfHeader];
  const sent = typeof header === 'string' ? header : '';
  const valid = !!cookie && sent.length === cookie.length && timingSafeEqual(Buffer.from(sent), Buffer.from(cookie));
  if (!valid) throw new AppException(HttpStatus.FORBIDDEN, AuthErrorCode.CsrfTokenInvalid);
}
