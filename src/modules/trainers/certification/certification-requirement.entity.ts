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

import type { Locale } from '@cascade/i18n';

import { Audited } from '../../audit/index.js';
import { CertificationProgram } from './certification-program.entity.js';

/** One step to certified trainer in a country's program: data an officer edits, not code. */
@Entity('certification_requirements')
@Unique('certification_requirements_code_key', ['countryCode', 'code'])
@Check('certification_requirements_deadline_check', '"deadline_days" BETWEEN 1 AND 3650')
@Audited({
  entityType: 'certification_requirement',
  values: ['countryCode', 'code', 'titles', 'required', 'position', 'deadlineDays'],
})
export class CertificationRequirement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => CertificationProgram, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'country_code', foreignKeyConstraintName: 'certification_requirements_program_fkey' })
  program: Relation<CertificationProgram>;

  @Column({ type: 'char', length: 2 })
  countryCode: string;

  /** Stable within the country: routes and the history name the requirement by it. */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  /** The requirement as people read it, in the five languages. */
  @Column({ type: 'jsonb' })
  titles: Record<Locale, string>;

  /** Only required requirements decide certification; the others are recorded for the record. */
  @Column({ type: 'boolean', default: true })
  required: boolean;

  /** Order in the list, from 1. */
  @Column({ type: 'smallint' })
  position: number;

  /** Days from the trainer's start (their record's creation) to meet it; null: no deadline. */
  @Column({ type: 'smallint', nullable: true })
  deadlineDays: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
