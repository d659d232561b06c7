import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';

import { Audited } from '../../audit/index.js';
import { Trainee } from '../trainee.entity.js';

/**
 * Two trainees someone confirmed are different people (an officer in the queue, or whoever
 * registered one with `notDuplicate: true`): never proposed as duplicates again. The pair is
 * stored once, the smaller id first.
 */
@Entity('duplicate_distinct_pairs')
@Unique('duplicate_distinct_pairs_key', ['traineeId', 'otherTraineeId'])
@Check('duplicate_distinct_pairs_order_check', '"trainee_id" < "other_trainee_id"')
@Audited({ entityType: 'duplicate_distinct_pair', values: ['traineeId', 'otherTraineeId', 'markedById'] })
export class DistinctPair {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  traineeId: string;

  @Index('duplicate_distinct_pairs_other_idx')
  @Column({ type: 'uuid' })
  otherTraineeId: string;

  @ManyToOne(() => Trainee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trainee_id' })
  trainee: Relation<Trainee>;

  @ManyToOne(() => Trainee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'other_trainee_id' })
  otherTrainee: Relation<Trainee>;

  /** The user who said so. */
  @Column({ type: 'uuid' })
  markedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The pair in its stored order. */
export function orderedPair(a: string, b: string): { traineeId: string; otherTraineeId: string } {
  return a < b ? { traineeId: a, otherTraineeId: b } : { traineeId: b, otherTraineeId: a };
}
