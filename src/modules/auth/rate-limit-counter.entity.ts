import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One rate limit's window for one client on one route (the throttler's key), kept in PostgreSQL
 * when there is no Redis so every API process on the database counts the same requests. Rows
 * whose window and pause have both ended are swept now and then.
 */
@Entity('rate_limit_counters')
export class RateLimitCounter {
  /** QUEUE_NAMESPACE, the throttler's name and its key (a hash of route and client address). */
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ name: 'window_ends_at', type: 'timestamptz' })
  windowEndsAt: Date;

  /** Set once the limit is passed: requests are refused until then. */
  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
