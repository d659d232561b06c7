import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The answer given to a request sent with an Idempotency-Key, kept so that a retry (a phone
 * that lost the reply) gets the same answer and writes nothing twice.
 */
@Entity('idempotency_records')
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  /** SHA-256 of the method, path and body: the same key with another request is refused. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'smallint' })
  responseStatus: number;

  @Column({ type: 'jsonb' })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
