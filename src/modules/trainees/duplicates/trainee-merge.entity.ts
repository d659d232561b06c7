import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';

import { Audited } from '../../audit/index.js';
import { Trainee } from '../trainee.entity.js';

/** The related rows a merge moved from the merged trainee to the survivor, by id. */
export interface MovedRows {
  enrollments: string[];
  attendanceMarks: string[];
  assessments: string[];
}

/**
 * Rows a merge removed because both trainees had one for the same event or session (the
 * better was kept), each as it was, column by column, so an undo can put it back.
 */
export interface RemovedRows {
  enrollments: Record<string, unknown>[];
  attendanceMarks: Record<string, unknown>[];
  assessments: Record<string, unknown>[];
}

/** What the merge kept where both trainees had a record for one event. */
export interface EventDecision {
  eventId: string;
  /** Whose enrollment (with its scores and marks where both had one) was kept. */
  kept: 'survivor' | 'merged';
  reason: 'certificate' | 'completed' | 'enrolled' | 'more_attendance' | 'survivor_by_default';
}

/**
 * One merge of a duplicate trainee into a survivor: what moved, what was removed, and the
 * survivor's values before, so that an undo within MERGE_UNDO_DAYS restores both exactly.
 * The snapshot holds personal values: withdrawing the survivor's consent erases it.
 */
@Entity('trainee_merges')
@Index('trainee_merges_survivor_idx', ['survivorId', 'mergedAt'])
@Audited({
  entityType: 'trainee_merge',
  values: ['survivorId', 'mergedId', 'countryCode', 'mergedById', 'undoneAt', 'undoneById', 'moved', 'decisions'],
})
export class TraineeMerge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Trainee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survivor_id' })
  survivor: Relation<Trainee>;

  @Column({ type: 'uuid' })
  survivorId: string;

  @ManyToOne(() => Trainee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_id' })
  merged: Relation<Trainee>;

  @Index('trainee_merges_merged_idx')
  @Column({ type: 'uuid' })
  mergedId: string;

  /** The country of both trainees when merged: the scope the merge is seen and undone in. */
  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @Column({ type: 'uuid' })
  mergedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  mergedAt: Date;

  /** The survivor's fields the merge changed, with their values before; null once erased. */
  @Column({ type: 'jsonb', nullable: true })
  survivorBefore: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  moved: MovedRows;

  @Column({ type: 'jsonb' })
  removed: RemovedRows;

  @Column({ type: 'jsonb' })
  decisions: EventDecision[];

  @Column({ type: 'timestamptz', nullable: true })
  undoneAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  undoneById: string | null;
}
