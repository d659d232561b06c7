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

import { Audited } from '../../audit/index.js';
import { User } from '../../users/index.js';
import { Trainer } from '../trainer.entity.js';

/** A refresher a trainer took: like teaching, it keeps their certification from lapsing. */
@Entity('trainer_refreshers')
@Index('trainer_refreshers_trainer_idx', ['trainerId', 'completedOn'])
@Audited({ entityType: 'trainer_refresher', values: ['trainerId', 'completedOn', 'eventId', 'recordedById'] })
export class TrainerRefresher {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Trainer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trainer_id', foreignKeyConstraintName: 'trainer_refreshers_trainer_fkey' })
  trainer: Relation<Trainer>;

  @Column({ type: 'uuid' })
  trainerId: string;

  @Column({ type: 'date' })
  completedOn: string;

  @ForeignKey('training_events', { name: 'trainer_refreshers_event_fkey', onDelete: 'SET NULL' })
  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by_id', foreignKeyConstraintName: 'trainer_refreshers_recorded_by_fkey' })
  recordedBy: Relation<User>;

  @Column({ type: 'uuid' })
  recordedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
