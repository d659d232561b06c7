import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

import { APP_CONFIG, type AppConfig } from '@cascade/config';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How often, at most, one process deletes the counters whose window and pause have both ended. */
const SWEEP_INTERVAL_MS = 5 * 60_000;

/**
 * One fixed window per key: the first hit opens it for `ttl`; a hit past `limit` pauses the key for
 * `blockDuration`, during which hits are refused and not counted; after the pause a new window
 * opens. The same rule in Redis (one Lua script) and in PostgreSQL (one upsert), each atomic, so
 * every API process sharing the store counts the same hits.
 */
const REDIS_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  redis.call('DECR', KEYS[1])
  return { hits - 1, ttl, 1, blockTtl }
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  -- The window ends with the pause: afterwards a new one opens, as in PostgreSQL.
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return { hits, tonumber(ARGV[3]), 1, tonumber(ARGV[3]) }
end
return { hits, ttl, 0, 0 }
`;

const POSTGRES_UPSERT = `
INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at, blocked_until)
VALUES ($1, 1, now() + $2::int * interval '1 millisecond',
        CASE WHEN 1 > $3::int THEN now() + $4::int * interval '1 millisecond' END)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE
    WHEN c.blocked_until > now() THEN c.hits
    WHEN c.window_ends_at <= now() OR c.blocked_until IS NOT NULL THEN 1
    ELSE c.hits + 1 END,
  window_ends_at = CASE
    WHEN c.blocked_until > now() THEN c.window_ends_at
    WHEN c.window_ends_at <= now() OR c.blocked_until IS NOT NULL THEN EXCLUDED.window_ends_at
    ELSE c.window_ends_at END,
  blocked_until = CASE
    WHEN c.blocked_until > now() THEN c.blocked_until
    WHEN c.window_ends_at <= now() OR c.blocked_until IS NOT NULL THEN EXCLUDED.blocked_until
    WHEN c.hits + 1 > $3::int THEN now() + $4::int * interval '1 millisecond' END
RETURNING hits,
  greatest(0, ceil(extract(epoch FROM window_ends_at - now())))::int AS "timeToExpire",
  coalesce(blocked_until > now(), false) AS "isBlocked",
  greatest(0, ceil(extract(epoch FROM blocked_until - now())))::int AS "timeToBlockExpire"`;

/**
 * Where @nestjs/throttler counts requests (the sign-in, invitation and verify limits per IP
 * address): in Redis when REDIS_URL is set, else in PostgreSQL, never in one process's memory, so
 * two API processes (or twenty) allow together what one would. Keys are prefixed with
 * QUEUE_NAMESPACE, like the queues, so several Cascades can share one Redis or database.
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitStorage.name);
  private readonly redis: Redis | null;
  private readonly prefix: string;
  private lastSweep = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.env.QUEUE_NAMESPACE}:throttle:`;
    // Connected on the first counted request; a request waits for a lost Redis only briefly.
    this.redis = config.env.REDIS_URL
      ? new Redis(config.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 })
      : null;
  }

  get backend(): 'redis' | 'postgres' {
    return this.redis ? 'redis' : 'postgres';
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const name = `${this.prefix}${throttlerName}:${key}`;
    // A limit without a pause of its own pauses for its window.
    const pause = blockDuration > 0 ? blockDuration : ttl;
    if (this.redis) {
      const [totalHits, expireMs, blocked, blockMs] = (await this.redis.eval(
        REDIS_SCRIPT,
        2,
        `${name}:hits`,
        `${name}:blocked`,
        ttl,
        limit,
        pause,
      )) as [number, number, number, number];
      return {
        totalHits,
        timeToExpire: Math.ceil(expireMs / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(blockMs / 1000),
      };
    }
    this.sweep();
    const [row] = await this.dataSource.query<
      { hits: number; timeToExpire: number; isBlocked: boolean; timeToBlockExpire: number }[]
    >(POSTGRES_UPSERT, [name, ttl, limit, pause]);
    return {
      totalHits: row.hits,
      timeToExpire: row.timeToExpire,
      isBlocked: row.isBlocked,
      timeToBlockExpire: row.timeToBlockExpire,
    };
  }

  /** Deletes ended counters now and then, without making a request wait for it. */
  private sweep(): void {
    if (Date.now() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = Date.now();
    this.dataSource
      .query(
        `DELETE FROM rate_limit_counters
          WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`,
      )
      .catch((error: unknown) => this.logger.warn(`Sweeping rate limit counters failed: ${String(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'wait' && this.redis.status !== 'end') {
      await this.redis.quit().catch(() => this.redis?.disconnect());
    }
  }
}
