import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation, UpdateDateColumn } from 'typeorm';

import { Audited } from '../../audit/index.js';
import { Country } from '../../countries/index.js';

/**
 * A country's trainer certification program. Cascade has no program record of its own: each
 * country runs one program, so the requirements and the lapse rule are kept per country.
 */
@Entity('certification_programs')
@Check('certification_programs_lapse_check', '"lapse_months" BETWEEN 1 AND 120')
@Audited({ entityType: 'certification_program', values: ['countryCode', 'lapseMonths'] })
export class CertificationProgram {
  @PrimaryColumn({ type: 'char', length: 2 })
  countryCode: string;

  @OneToOne(() => Country, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'country_code', foreignKeyConstraintName: 'certification_programs_country_fkey' })
  country: Relation<Country>;

  /** A certified trainer lapses after this many months without teaching or a refresher; null: never. */
  @Column({ type: 'smallint', nullable: true })
  lapseMonths: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
