import {
  Column,
  Entity,
  ForeignKey,
  Index,
  JoinColumn,
  OneToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';

import { Audited } from '../audit/index.js';
import { Enrollment } from '../events/index.js';

/**
 * A certificate of completion. Its code carries 130 random bits in Crockford base32, printed
 * on the PDF with a QR code to the public verify page. The PDF is rendered once, when issued.
 */
@Entity('certificates')
@Audited({
  entityType: 'certificate',
  values: [
    'enrollmentId',
    'issuedAt',
    'expiresAt',
    'revokedAt',
    'revokedReason',
    'locale',
    'reissuedAt',
    'renewedAt',
    'renewedById',
  ],
})
export class Certificate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('certificates_code_key', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @OneToOne(() => Enrollment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment: Relation<Enrollment>;

  @Index('certificates_enrollment_key', { unique: true })
  @Column({ type: 'uuid' })
  enrollmentId: string;

  /** Also indexed by its UTC date (migration IndexCertificatesByIssueDate), which TypeORM cannot express. */
  @Index('certificates_issued_on_idx', { synchronize: false })
  @Column({ type: 'timestamptz' })
  issuedAt: Date;

  /** Also indexed among current certificates (migration AddCertificateRenewals), for the expiry reminders. */
  @Index('certificates_current_expiry_idx', { synchronize: false })
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  revokedReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  revokedById: string | null;

  /** When the PDF was last drawn again (a corrected name, another language); its earlier codes stay verifiable as replaced. */
  @Column({ type: 'timestamptz', nullable: true })
  reissuedAt: Date | null;

  /** When a refresher course's certificate took this one's place; it no longer counts as valid from then. */
  @Column({ type: 'timestamptz', nullable: true })
  renewedAt: Date | null;

  /** The certificate that renewed this one. */
  @ForeignKey('certificates', { name: 'certificates_renewed_by_fkey', onDelete: 'SET NULL' })
  @Column({ type: 'uuid', nullable: true })
  renewedById: string | null;

  /** The language the PDF was made in: the trainee's, else the event's. */
  @Column({ type: 'varchar', length: 2 })
  locale: string;

  /** The PDF as issued; never redrawn. Not selected unless asked for. */
  @Column({ type: 'bytea', select: false })
  pdf: Buffer;
}
