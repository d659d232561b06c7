import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';

import { Audited } from '../audit/index.js';
import { CourseModule } from '../courses/index.js';
import { TrainingEvent } from './training-event.entity.js';

/** One session of an event: a date and a time slot, teaching one module of the course. */
@Entity('training_sessions')
@Index('training_sessions_event_date_idx', ['eventId', 'date', 'startTime'])
@Check('training_sessions_times_check', '"end_time" > "start_time"')
@Audited({ entityType: 'training_session', values: ['eventId', 'date', 'startTime', 'endTime', 'moduleId'] })
export class TrainingSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TrainingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: Relation<TrainingEvent>;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'date' })
  date: string;

  /** HH:MM, local time of the venue. */
  @Column({ type: 'time' })
  startTime: string;

  @Column({ type: 'time' })
  endTime: string;

  @ManyToOne(() => CourseModule, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'module_id' })
  module: Relation<CourseModule> | null;

  @Column({ type: 'uuid', nullable: true })
  moduleId: string | null;
}
