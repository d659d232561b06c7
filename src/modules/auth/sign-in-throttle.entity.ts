import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Failed sign-ins per account name. Keyed by a hash of the email, so addresses that were
 * only ever typed wrongly are not stored, and kept alike for known and unknown addresses.
 */
@Entity('sign_in_throttles')
export class SignInThrottle {
  @PrimaryColumn({ type: 'char', length: 64 })
  emailKey: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
