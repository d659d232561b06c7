import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

import { Certificate } from './certificate.entity.js';

/**
 * The code a certificate had before it was reissued (a corrected name, another language). The
 * verify page answers "replaced" for it and shows nothing personal: neither the name nor the new code.
 */
@Entity('replaced_certificate_codes')
export class ReplacedCertificateCode {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @ManyToOne(() => Certificate, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'certificate_id', foreignKeyConstraintName: 'replaced_certificate_codes_certificate_fkey' })
  certificate: Relation<Certificate>;

  @Index('replaced_certificate_codes_certificate_idx')
  @Column({ type: 'uuid' })
  certificateId: string;

  @Column({ type: 'timestamptz' })
  replacedAt: Date;
}
