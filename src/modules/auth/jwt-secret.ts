import { randomBytes } from 'node:crypto';

import { type AuthUser, Role } from '@cascade/auth';
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

/**
 * An access token's claims: the user and the sign-in session (refresh-token family) it belongs to,
 * and the account's role, countries and language when it was issued — read only on routes whose
 * statement checks them against the account (AuthUser.fromClaims); everywhere else the user is loaded.
 */
export interface AccessTokenClaims {
  sub?: unknown;
  sid?: unknown;
  role?: unknown;
  cty?: unknown;
  lng?: unknown;
}

/** The account's claims as a token carries them. */
export function accountClaims(account: { role: Role; countries: string[]; locale: string | null }) {
  return { role: account.role, cty: account.countries, lng: account.locale };
}

const ROLES = new Set<unknown>(Object.values(Role));

/** The user as the token's claims describe it, unchecked; null for a token without them (older ones). */
export function userFromClaims(
  claims: { sub: string; sid: string } & AccessTokenClaims,
  via: AuthUser['via'],
): AuthUser | null {
  const { role, cty, lng } = claims;
  if (!ROLES.has(role) || !Array.isArray(cty) || !cty.every((code) => typeof code === 'string')) return null;
  if (lng !== null && typeof lng !== 'string') return null;
  return {
    id: claims.sub,
    email: '',
    displayName: '',
    role: role as Role,
    countries: cty,
    locale: lng,
    via,
    sessionId: claims.sid,
    fromClaims: true,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Both ids present and well-formed; a token without its session (issued before sessions were checked) is refused. */
export function hasSessionClaims(claims: AccessTokenClaims): claims is { sub: string; sid: string } {
  return (
    typeof claims.sub === 'string' && UUID.test(claims.sub) && typeof claims.sid === 'string' && UUID.test(claims.sid)
  );
}
