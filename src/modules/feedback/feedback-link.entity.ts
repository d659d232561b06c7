import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';

import { Enrollment } from '../events/index.js';

/**
 * An enrollee's personal feedback link. The token is never stored: it is an HMAC of `nonce` under
 * a key derived from the server's secret (so an officer can print the link again), and only its
 * SHA-256 is kept to find the link; the nonce alone, read from a leaked database, opens nothing.
 */
@Entity('feedback_links')
@Unique('feedback_links_enrollment_key', ['enrollmentId'])
@Unique('feedback_links_token_hash_key', ['tokenHash'])
export class FeedbackLink {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'feedback_links_pkey' })
  id: string;

  @ManyToOne(() => Enrollment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollment_id', foreignKeyConstraintName: 'feedback_links_enrollment_fkey' })
  enrollment: Relation<Enrollment>;

  @Column({ type: 'uuid' })
  enrollmentId: string;

  /** 16 random bytes (128 bits) the token is made from. */
  @Column({ type: 'bytea' })
  nonce: Buffer;

  /** SHA-256 of the token, hex. */
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
