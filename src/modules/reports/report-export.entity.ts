import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

import { User } from '../users/index.js';

export enum ExportFormat {
  Csv = 'csv',
  Xlsx = 'xlsx',
  Pdf = 'pdf',
}

/**
 * A report export whose file is complete in EXPORT_DIR: the row is inserted in the transaction that
 * renames the whole file into place, so a row always names a whole file (until it expires and is
 * deleted).
 */
@Entity('report_exports')
export class ReportExport {
  /** Chosen before the file is written: the file in EXPORT_DIR is `<id>.<format>`. */
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
}
