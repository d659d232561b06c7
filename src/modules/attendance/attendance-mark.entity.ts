import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation, Unique } from 'typeorm';

import { TrainingSession } from '../events/index.js';
import { Trainee } from '../trainees/index.js';

export enum AttendanceStatus {
  Present = 'present',
  Late = 'late',
  Excused = 'excused',
  Absent = 'absent',
}

/**
 * One trainee's attendance at one session. The id is made by the client (a phone, offline),
 * so a retried upload is recognised; `markedAt` is when the trainer marked it, and the later
 * mark wins when two edits meet. Written in bulk: the audit log gets one row per roster upload.
 */
@Entity('attendance_marks')
@Unique('attendance_marks_session_trainee_key', ['sessionId', 'traineeId'])
export class AttendanceMark {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ManyToOne(() => TrainingSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session: Relation<TrainingSession>;

  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => Trainee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'trainee_id' })
  trainee: Relation<Trainee>;

  @Index('attendance_marks_trainee_idx')
  @Column({ type: 'uuid' })
  traineeId: string;

  @Column({ type: 'enum', enum: AttendanceStatus, enumName: 'attendance_status' })
  status: AttendanceStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  markedById: string;

  @Column({ type: 'timestamptz' })
  markedAt: Date;

  /** When the server received it. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
