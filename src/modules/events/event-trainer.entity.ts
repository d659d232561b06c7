import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';

import { Audited } from '../audit/index.js';
import { Trainer } from '../trainers/index.js';
import { TrainingEvent } from './training-event.entity.js';

export enum EventTrainerRole {
  Lead = 'lead',
  CoTrainer = 'co_trainer',
}

/** A trainer booked on an event, as its lead or a co-trainer. */
@Entity('event_trainers')
@Unique('event_trainers_key', ['eventId', 'trainerId'])
@Audited({ entityType: 'event_trainer', values: ['eventId', 'trainerId', 'role'] })
export class EventTrainer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TrainingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: Relation<TrainingEvent>;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Trainer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'trainer_id' })
  trainer: Relation<Trainer>;

  /** Indexed: a trainer's bookings are looked up for clashes and for "my events". */
  @Index('event_trainers_trainer_idx')
  @Column({ type: 'uuid' })
  trainerId: string;

  @Column({ type: 'enum', enum: EventTrainerRole, enumName: 'event_trainer_role' })
  role: EventTrainerRole;
}
