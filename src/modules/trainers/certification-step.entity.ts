import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';

import { Audited } from '../audit/index.js';
import { User } from '../users/index.js';
import { Trainer } from './trainer.entity.js';

/** The steps to national trainer (DOMAIN.md); a trainer is eligible once all three are signed off. */
export enum CertificationStepKind {
  TotCompleted = 'tot_completed',
  CoTaught = 'co_taught',
  Observed = 'observed',
}

@Entity('trainer_certification_steps')
@Unique('trainer_certification_steps_key', ['trainerId', 'step'])
@Audited({ entityType: 'certification_step', values: ['trainerId', 'step', 'completedOn', 'signedOffById', 'eventId'] })
export class CertificationStep {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Trainer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trainer_id' })
  trainer: Relation<Trainer>;

  @Column({ type: 'uuid' })
  trainerId: string;

  @Column({ type: 'enum', enum: CertificationStepKind, enumName: 'certification_step_kind' })
  step: CertificationStepKind;

  @Column({ type: 'date' })
  completedOn: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signed_off_by_id' })
  signedOffBy: Relation<User>;

  @Column({ type: 'uuid' })
  signedOffById: string;

  /**
   * The event where the step happened, when known. A plain id with its foreign key named by table:
   * events know their trainers, trainers never import events.
   */
  @ForeignKey('training_events', { onDelete: 'SET NULL' })
  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
