import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';

import { User } from '../../users/index.js';
import { RequirementState, TrainerRequirement } from './trainer-requirement.entity.js';

export enum RequirementChangeKind {
  State = 'state',
  Extension = 'extension',
}

/**
 * The history of a trainer's requirement, never changed: each state set (with the day it took
 * effect) and each deadline extension. Certification at a past date is read from it.
 */
@Entity('trainer_requirement_changes')
@Index('trainer_requirement_changes_effective_idx', ['trainerRequirementId', 'effectiveOn'])
export class TrainerRequirementChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TrainerRequirement, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'trainer_requirement_id',
    foreignKeyConstraintName: 'trainer_requirement_changes_requirement_fkey',
  })
  trainerRequirement: Relation<TrainerRequirement>;

  @Column({ type: 'uuid' })
  trainerRequirementId: string;

  @Column({ type: 'enum', enum: RequirementChangeKind, enumName: 'requirement_change_kind' })
  kind: RequirementChangeKind;

  /** The state set (state changes only). */
  @Column({ type: 'enum', enum: RequirementState, enumName: 'requirement_state', nullable: true })
  state: RequirementState | null;

  /** The day the state took effect (state changes only). */
  @Column({ type: 'date', nullable: true })
  effectiveOn: string | null;

  /** The deadline before and after an extension (extensions only). */
  @Column({ type: 'date', nullable: true })
  previousDeadline: string | null;

  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  /** The event where the evaluation happened, when there was one; by table (trainers never import events). */
  @ForeignKey('training_events', {
    name: 'trainer_requirement_changes_event_fkey',
    onDelete: 'SET NULL',
  })
  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  /** The evaluator's note, or the reason for an extension. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'trainer_requirement_changes_actor_fkey' })
  actor: Relation<User>;

  @Column({ type: 'uuid' })
  actorId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
