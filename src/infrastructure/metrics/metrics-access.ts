import { createHash, timingSafeEqual } from 'node:crypto';

import type { Environment } from '@cascade/config';

export type MetricsAccess = 'disabled' | 'denied' | 'allowed';

/**
 * Who may read the metrics: nobody while METRICS_TOKEN is unset (served as if there were no such
 * route), else whoever sends it as a bearer token. Compared in constant time, through hashes so
 * the length does not leak either.
 */
export function metricsAccess(env: Pick<Environment, 'METRICS_TOKEN'>, authorization: unknown): MetricsAccess {
  if (!env.METRICS_TOKEN) return 'disabled';
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match) return 'denied';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(env.METRICS_TOKEN)) ? 'allowed' : 'denied';
}
