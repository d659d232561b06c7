import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

import type { Locale } from '@cascade/i18n';

import { Audited } from '../audit/index.js';
import { Country } from '../countries/index.js';

/** A region of a country: ISO 3166-2 code where one is stable (KG-GB, TJ-SU, UA-46). */
@Entity('regions')
@Audited({ entityType: 'region', values: ['code', 'countryCode', 'names'] })
export class Region {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  code: string;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country: Relation<Country>;

  @Index('regions_country_idx')
  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @Column({ type: 'jsonb' })
  names: Record<Locale, string>;
}
