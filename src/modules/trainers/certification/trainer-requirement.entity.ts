import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { Audited } from '../../audit/index.js';
import { User } from '../../users/index.js';
import { Trainer } from '../trainer.entity.js';
import { CertificationRequirement } from './certification-requirement.entity.js';

export enum RequirementState {
  NotEvaluated = 'not_evaluated',
  Passed = 'passed',
  Failed = 'failed',
  RepeatRequested = 'repeat_requested',
}

/** Where one trainer stands on one requirement now; its history is in trainer_requirement_changes. */
@Entity('trainer_requirements')
@Unique('trainer_requirements_key', ['trainerId', 'requirementId'])
@Audited({
  entityType: 'trainer_requirement',
  values: ['trainerId', 'requirementId', 'state', 'stateOn', 'deadline', 'updatedById'],
})
export class TrainerRequirement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Trainer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trainer_id', foreignKeyConstraintName: 'trainer_requirements_trainer_fkey' })
  trainer: Relation<Trainer>;

  @Column({ type: 'uuid' })
  trainerId: string;

  /** Restrict: a requirement someone was evaluated on stays in the list (it can be made optional). */
  @ManyToOne(() => CertificationRequirement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requirement_id', foreignKeyConstraintName: 'trainer_requirements_requirement_fkey' })
  requirement: Relation<CertificationRequirement>;

  @Column({ type: 'uuid' })
  requirementId: string;

  @Column({
    type: 'enum',
    enum: RequirementState,
    enumName: 'requirement_state',
    default: RequirementState.NotEvaluated,
  })
  state: RequirementState;

  /** The day the state took effect (the evaluation's date). */
  @Column({ type: 'date', nullable: true })
  stateOn: string | null;

  /** The deadline once extended; null: the list's (the trainer's start plus its days). */
  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'updated_by_id', foreignKeyConstraintName: 'trainer_requirements_updated_by_fkey' })
  updatedBy: Relation<User>;

  @Column({ type: 'uuid' })
  updatedById: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
