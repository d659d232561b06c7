import { createSecretKey } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { AUTH_COOKIES, type AuthUser, type UserFromClaims } from '@cascade/auth';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import { UsersService } from '../users/index.js';
import {
  type AccessTokenClaims,
  hasSessionClaims,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  jwtSecretFor,
  userFromClaims,
} from './jwt-secret.js';

type TokenRequest = FastifyRequest &
  UserFromClaims & { cookies?: Record<string, string | undefined>; tokenSource?: AuthUser['via'] };

const fromBearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The bearer header (API clients) first, else the httpOnly cookie (web pages); notes which. */
function extractToken(request: TokenRequest): string | null {
  const bearer = fromBearer(request);
  if (bearer) {
    request.tokenSource = 'bearer';
    return bearer;
  }
  const cookie = request.cookies?.[AUTH_COOKIES.access];
  if (cookie) request.tokenSource = 'cookie';
  return cookie ?? null;
}

/**
 * Verifies an access token (HS256 only: `alg: none` and other keys fail) and loads its user, as
 * long as the token's session has not ended; on a route marked @UserCheckedByStatement() the
 * user is taken from the claims, and that route's statement checks them.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: extractToken as never,
      // A key object, not the string: given a string, jsonwebtoken first tries (and fails) to read it
      // as a public key on every request, which cost more than the signature check itself.
      secretOrKey: createSecretKey(Buffer.from(jwtSecretFor(config))) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      passReqToCallback: true,
    });
  }

  async validate(request: TokenRequest, payload: AccessTokenClaims): Promise<AuthUser | false> {
    if (!hasSessionClaims(payload)) return false;
    const via = request.tokenSource ?? 'bearer';
    // A route whose statement checks the account itself: no round trip here (AuthUser.fromClaims).
    const claimed = request.userFromClaims ? userFromClaims(payload, via) : null;
    return claimed ?? (await this.users.loadAuthUser(payload.sub, via, payload.sid)) ?? false;
  }
}
