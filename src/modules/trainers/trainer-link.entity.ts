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
  Unique,
} from 'typeorm';

import { Audited } from '../audit/index.js';
import { Trainer } from './trainer.entity.js';

/** "Trained by": one edge of the cascade tree, from a trainer up to the trainer who trained them. */
@Entity('trainer_links')
@Unique('trainer_links_pair_key', ['trainerId', 'trainedById'])
@Audited({ entityType: 'trainer_link', values: ['trainerId', 'trainedById', 'eventId'] })
export class TrainerLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Trainer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trainer_id' })
  trainer: Relation<Trainer>;

  @Column({ type: 'uuid' })
  trainerId: string;

  @ManyToOne(() => Trainer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trained_by_id' })
  trainedBy: Relation<Trainer>;

  /** Indexed: the cascade is walked downwards, from a trainer to those they trained. */
  @Index('trainer_links_trained_by_idx')
  @Column({ type: 'uuid' })
  trainedById: string;

  /**
   * The training of trainers where it happened, when known. A plain id with its foreign key named
   * by table: events know their trainers, trainers never import events.
   */
  @ForeignKey('training_events', { onDelete: 'SET NULL' })
  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
