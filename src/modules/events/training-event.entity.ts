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
  UpdateDateColumn,
} from 'typeorm';

import { Audited } from '../audit/index.js';
import { Country } from '../countries/index.js';
import { Course } from '../courses/index.js';
import { InstructionLanguage, Region } from '../reference/index.js';

/** planned → ongoing → completed, or cancelled from planned or ongoing; nothing else. */
export enum EventStatus {
  Planned = 'planned',
  Ongoing = 'ongoing',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

/** A dated, located run of a course, e.g. "IP for forensic experts, Osh, 12–15 May 2025". */
@Entity('training_events')
@Index('training_events_country_dates_idx', ['countryCode', 'startDate'])
@Check('training_events_dates_check', '"end_date" >= "start_date"')
@Audited({
  entityType: 'training_event',
  values: [
    'courseId',
    'countryCode',
    'regionCode',
    'venue',
    'language',
    'startDate',
    'endDate',
    'capacity',
    'status',
    'anonymousParticipants',
    'attendanceReopenedUntil',
  ],
})
export class TrainingEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id' })
  course: Relation<Course>;

  @Index('training_events_course_idx')
  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country: Relation<Country>;

  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'region_code' })
  region: Relation<Region> | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  regionCode: string | null;

  @Column({ type: 'varchar', length: 200 })
  venue: string;

  @Column({ type: 'varchar', length: 2 })
  language: InstructionLanguage;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  @Column({ type: 'smallint' })
  capacity: number;

  @Column({ type: 'enum', enum: EventStatus, enumName: 'event_status', default: EventStatus.Planned })
  status: EventStatus;

  /** Participants who came without being registered: counted, never named. */
  @Column({ type: 'smallint', default: 0 })
  anonymousParticipants: number;

  /** Set by an officer to let trainers mark attendance after the usual window has closed. */
  @Column({ type: 'timestamptz', nullable: true })
  attendanceReopenedUntil: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
