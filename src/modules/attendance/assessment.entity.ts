import {
  Check,
  Column,
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
import { TrainingEvent } from '../events/index.js';
import { Trainee } from '../trainees/index.js';

/** A trainee's pre- and post-test scores at an event (0–100); knowledge gain is post − pre. */
@Entity('assessments')
@Unique('assessments_key', ['eventId', 'traineeId'])
@Check('assessments_scores_check', '"pre_score" BETWEEN 0 AND 100 AND "post_score" BETWEEN 0 AND 100')
@Audited({ entityType: 'assessment', values: ['eventId', 'traineeId'] })
export class Assessment {
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

  @Index('assessments_trainee_idx')
  @Column({ type: 'uuid' })
  traineeId: string;

  @Column({ type: 'smallint', nullable: true })
  preScore: number | null;

  @Column({ type: 'smallint', nullable: true })
  postScore: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
