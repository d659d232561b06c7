import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

import { FeedbackAnswer } from './feedback-answer.entity.js';

/** What a rating is about: a module of the course taught at the event, or one of its trainers. */
export enum FeedbackSubject {
  Module = 'module',
  Trainer = 'trainer',
}

/** One 1–5 rating of a module or a trainer within an answer. */
@Entity('feedback_ratings')
@Check('feedback_ratings_rating_check', '"rating" BETWEEN 1 AND 5')
export class FeedbackRating {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'feedback_ratings_pkey' })
  answerId: string;

  @ManyToOne(() => FeedbackAnswer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'answer_id', foreignKeyConstraintName: 'feedback_ratings_answer_fkey' })
  answer: Relation<FeedbackAnswer>;

  @PrimaryColumn({
    type: 'enum',
    enum: FeedbackSubject,
    enumName: 'feedback_subject',
    primaryKeyConstraintName: 'feedback_ratings_pkey',
  })
  subject: FeedbackSubject;

  /** A course module's or a trainer's id (no foreign key: either table). */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'feedback_ratings_pkey' })
  subjectId: string;

  @Column({ type: 'smallint' })
  rating: number;
}
