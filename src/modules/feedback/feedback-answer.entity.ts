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
  UpdateDateColumn,
} from 'typeorm';

import { Enrollment, TrainingEvent } from '../events/index.js';

/**
 * One enrollee's answer to an event's feedback. `enrollmentId` keeps it one per enrollee and
 * editable; it is set to null when the trainee withdraws consent (a trigger on trainees), so the
 * answer stays in the averages but no longer points to anyone.
 */
@Entity('feedback_answers')
@Unique('feedback_answers_enrollment_key', ['enrollmentId'])
@Check('feedback_answers_overall_check', '"overall" BETWEEN 1 AND 5')
export class FeedbackAnswer {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'feedback_answers_pkey' })
  id: string;

  @ManyToOne(() => TrainingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'feedback_answers_event_fkey' })
  event: Relation<TrainingEvent>;

  @Index('feedback_answers_event_idx')
  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Enrollment, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'enrollment_id', foreignKeyConstraintName: 'feedback_answers_enrollment_fkey' })
  enrollment: Relation<Enrollment> | null;

  @Column({ type: 'uuid', nullable: true })
  enrollmentId: string | null;

  @Column({ type: 'smallint' })
  overall: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  mostUseful: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  missing: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
