import { randomBytes } from 'node:crypto';

import type { AppConfig } from '@cascade/config';

const generated = new WeakMap<AppConfig, string>();

/**
 * The key access tokens are signed with. Production must set JWT_SECRET (the config check
 * insists); elsewhere a random key per process is made, so tokens end with the process.
 */
export function jwtSecretFor(config: AppConfig): string {
  if (config.env.JWT_SECRET) return config.env.JWT_SECRET;
  let secret = generated.get(config);
  if (!secret) {
    secret = randomBytes(48).toString('base64');
    generated.set(config, secret);
  }
  return secret;
}

export const JWT_ISSUER = 'cascade';
export const JWT_AUDIENCE = 'cascade-api';
export const JWT_ALGORITHM = 'HS256';

/** An access token's claims: the user and the sign-in session (refresh-token family) it belongs to. */
export interface AccessTokenClaims {
  sub?: unknown;
  sid?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Both ids present and well-formed; a token without its session (issued before sessions were checked) is refused. */
export function hasSessionClaims(claims: AccessTokenClaims): claims is { sub: string; sid: string } {
  return (
    typeof claims.sub === 'string' && UUID.test(claims.sub) && typeof claims.sid === 'string' && UUID.test(claims.sid)
  );
}
