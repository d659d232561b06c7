import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { Audited } from '../audit/index.js';
import { Trainee } from '../trainees/index.js';
import { TrainingEvent } from './training-event.entity.js';

export enum EnrollmentStatus {
  Enrolled = 'enrolled',
  Withdrawn = 'withdrawn',
  Completed = 'completed',
}

/** A trainee's place at an event; completion is decided by the course's rules. */
@Entity('enrollments')
@Unique('enrollments_key', ['eventId', 'traineeId'])
@Audited({ entityType: 'enrollment', values: ['eventId', 'traineeId', 'status', 'completedAt'] })
export class Enrollment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => TrainingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: Relation<TrainingEvent>;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Trainee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'trainee_id' })
  trainee: Relation<Trainee>;

  @Index('enrollments_trainee_idx')
  @Column({ type: 'uuid' })
  traineeId: string;

  @Column({ type: 'enum', enum: EnrollmentStatus, enumName: 'enrollment_status', default: EnrollmentStatus.Enrolled })
  status: EnrollmentStatus;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Why the place was given up, as the officer wrote it; cleared when the trainee is enrolled again. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  withdrawalReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
