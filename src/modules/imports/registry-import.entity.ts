import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

import { Country } from '../countries/index.js';
import { TrainingEvent } from '../events/index.js';
import { User } from '../users/index.js';
import type { ImportReport, ImportResult } from './import-report.js';

export enum ImportKind {
  /** New trainees of one country. */
  Trainees = 'trainees',
  /** A past event's participants: new trainees, their enrolments, attendance per session and scores. */
  EventRecords = 'event_records',
}

export enum ImportStatus {
  /** Uploaded; a job is checking it. */
  Checking = 'checking',
  /** Checked with errors: it cannot be committed; upload a corrected file. */
  Invalid = 'invalid',
  /** Checked without errors: it may be committed. */
  Checked = 'checked',
  /** Written, in one transaction with this status. */
  Committed = 'committed',
}

export enum ImportFormat {
  Csv = 'csv',
  Xlsx = 'xlsx',
}

/**
 * An uploaded import file and what became of it. The file is kept here, in the database, rather
 * than on a disk: the API that receives it and the worker that may check or commit it can run in
 * separate containers, and the database is the one store both reach. It is erased once committed.
 */
@Entity('imports')
@Index('imports_requested_by_idx', ['requestedBy', 'createdAt'])
export class RegistryImport {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: ImportKind, enumName: 'import_kind' })
  kind: ImportKind;

  @Column({ type: 'enum', enum: ImportStatus, enumName: 'import_status' })
  status: ImportStatus;

  @Column({ type: 'uuid' })
  requestedBy: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requested_by' })
  requester?: Relation<User>;

  /** The trainees' country: the event's for event records. */
  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country?: Relation<Country>;

  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  @ManyToOne(() => TrainingEvent, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<TrainingEvent> | null;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'enum', enum: ImportFormat, enumName: 'import_format' })
  format: ImportFormat;

  /** The file as uploaded; null once committed (the records hold what it said). */
  @Column({ type: 'bytea', nullable: true, select: false })
  content: Buffer | null;

  @Column({ type: 'integer' })
  size: number;

  /** Data rows: estimated at upload, exact once checked. */
  @Column({ type: 'integer' })
  rowCount: number;

  /** The dry run's findings, as codes and parameters (translated when read). */
  @Column({ type: 'jsonb', nullable: true })
  report: ImportReport | null;

  @Column({ type: 'jsonb', nullable: true })
  result: ImportResult | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  committedAt: Date | null;
}
