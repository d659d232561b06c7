import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation, UpdateDateColumn } from 'typeorm';

import { Audited } from '../audit/index.js';
import { TrainingEvent } from '../events/index.js';

/**
 * When an event's feedback closes, set by an officer. Without a row, feedback closes
 * DEFAULT_FEEDBACK_DAYS after the event's last day (feedback-window.ts).
 */
@Entity('feedback_windows')
@Audited({ entityType: 'feedback_window', values: ['eventId', 'closesAt'] })
export class FeedbackWindow {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'feedback_windows_pkey' })
  eventId: string;

  @ManyToOne(() => TrainingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'feedback_windows_event_fkey' })
  event: Relation<TrainingEvent>;

  @Column({ type: 'timestamptz' })
  closesAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
