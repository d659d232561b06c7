import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { Audited } from '../audit/index.js';
import { Country } from '../countries/index.js';
import { Indicator, TargetDimension } from './indicators.js';

const numeric = {
  to: (value: number) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * What a country aims for in a year on one indicator, for its total (no dimension) or for one
 * value of a dimension (e.g. sex = female). One row per (country, year, indicator, dimension,
 * value): the key treats nulls as equal (NULLS NOT DISTINCT, added by hand to the migration).
 */
@Entity('country_targets')
@Unique('country_targets_key', ['countryCode', 'year', 'indicator', 'breakdownDimension', 'breakdownValue'])
@Check('country_targets_value_check', '"target_value" >= 0')
@Check('country_targets_breakdown_check', '("breakdown_dimension" IS NULL) = ("breakdown_value" IS NULL)')
@Audited({
  entityType: 'country_target',
  values: ['countryCode', 'year', 'indicator', 'breakdownDimension', 'breakdownValue', 'targetValue'],
})
export class CountryTarget {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country: Relation<Country>;

  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'enum', enum: Indicator, enumName: 'report_indicator' })
  indicator: Indicator;

  @Column({ type: 'enum', enum: TargetDimension, enumName: 'target_dimension', nullable: true })
  breakdownDimension: TargetDimension | null;

  /** A value of the dimension (female, judge…); null for the country's total. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  breakdownValue: string | null;

  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numeric })
  targetValue: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
