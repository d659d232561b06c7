import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import { Role } from '@cascade/auth';
import type { Locale } from '@cascade/i18n';

import { Audited } from '../audit/index.js';

/**
 * A person who signs in. Admins see every country; everyone else works in the countries
 * listed here. A trainer user is linked to their trainer record by the training-records module.
 */
@Entity('users')
@Audited({ entityType: 'user', values: ['role', 'locale', 'active', 'countries'] })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so uniqueness is case-insensitive. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  displayName: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  /** The language its holder chose; null until then (the pages follow the browser's). */
  @Column({ type: 'varchar', length: 2, nullable: true })
  locale: Locale | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** argon2id; null until the invitation is accepted. Never selected unless asked for. */
  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;

  /**
   * ISO codes of the countries the user works in; empty for admins. A plain column rather than
   * a join table, so a change of scope is an ordinary column change, audited like any other.
   */
  @Column({ type: 'varchar', length: 2, array: true, default: () => "'{}'" })
  countries: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
