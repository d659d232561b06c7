import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

import { User } from '../users/index.js';

export enum ExportFormat {
  Csv = 'csv',
  Xlsx = 'xlsx',
  Pdf = 'pdf',
}

/**
 * A report export and its whole file, inserted by one statement once the file is written: a row
 * always holds a whole file, and every API process reaches it without a shared disk. The file is
 * cleared once it has expired.
 */
@Entity('report_exports')
export class ReportExport {
  @PrimaryColumn('uuid')
  id: string;

  /** The export job's key (backend, queue namespace, id): a retried job finds its export here. */
  @Index('report_exports_job_key', { unique: true })
  @Column({ name: 'job_id', type: 'varchar', length: 64 })
  jobId: string;

  @Index('report_exports_requested_by_idx')
  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requested_by' })
  requester?: Relation<User>;

  @Column({ type: 'enum', enum: ExportFormat, enumName: 'export_format' })
  format: ExportFormat;

  /** The name the download is offered under. */
  @Column({ name: 'file_name', type: 'varchar', length: 200 })
  fileName: string;

  /** Bytes. */
  @Column({ type: 'bigint', transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  size: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** The file (stored uncompressed out of line, read in slices); null once expired. Never loaded with the row. */
  @Column({ type: 'bytea', nullable: true, select: false })
  content?: Buffer | null;
}
