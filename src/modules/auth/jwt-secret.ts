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
