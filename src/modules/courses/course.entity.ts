import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

import type { Locale } from '@cascade/i18n';

import { Audited } from '../audit/index.js';
import { Profession } from '../reference/index.js';
import { CourseModule } from './course-module.entity.js';

/** Text in one or more of the five languages (at least one). */
export type LocalizedText = Partial<Record<Locale, string>>;

/** A curriculum, run as training events: its modules, audience and the rules to pass it. */
@Entity('courses')
@Audited({
  entityType: 'course',
  values: [
    'titles',
    'descriptions',
    'targetProfessions',
    'minAttendancePercent',
    'minPostScore',
    'certificateValidityMonths',
    'active',
    'refresherOfId',
  ],
})
export class Course {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'jsonb' })
  titles: LocalizedText;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  descriptions: LocalizedText;

  @Column({ type: 'enum', enum: Profession, enumName: 'profession', array: true, default: () => "'{}'" })
  targetProfessions: Profession[];

  /** Share of sessions a trainee must attend (present or late) to complete. */
  @Column({ type: 'smallint', default: 80 })
  minAttendancePercent: number;

  /** Post-test score needed for a certificate; null when the course has no test. */
  @Column({ type: 'smallint', nullable: true, default: 70 })
  minPostScore: number | null;

  /** Null: certificates do not expire. */
  @Column({ type: 'smallint', nullable: true })
  certificateValidityMonths: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /**
   * The course this one refreshes: completing it renews the trainee's certificate of that course
   * (or of this one) with a new expiry. Null for a course that renews nothing.
   */
  @ForeignKey('courses', { name: 'courses_refresher_of_fkey', onDelete: 'SET NULL' })
  @Column({ type: 'uuid', nullable: true })
  refresherOfId: string | null;

  @OneToMany(() => CourseModule, (module) => module.course)
  modules: Relation<CourseModule[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
