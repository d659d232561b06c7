import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

import type { Locale } from '@cascade/i18n';

import { Audited } from '../audit/index.js';

/** A country the program works in. Countries are data an admin adds, never code. */
@Entity('countries')
@Audited({ entityType: 'country', values: ['code', 'names'] })
export class Country {
  /** ISO 3166-1 alpha-2, e.g. KG. */
  @PrimaryColumn({ type: 'char', length: 2 })
  code: string;

  /** The country's name in every locale. */
  @Column({ type: 'jsonb' })
  names: Record<Locale, string>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
