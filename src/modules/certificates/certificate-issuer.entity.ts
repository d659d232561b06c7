import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation, UpdateDateColumn } from 'typeorm';

import { Audited } from '../audit/index.js';
import { Country } from '../countries/index.js';

/** Who issues a country's certificates: printed at the foot of each one, set by the country's officers. */
@Entity('certificate_issuers')
@Audited({
  entityType: 'certificate_issuer',
  values: ['organization', 'signatoryName', 'signatoryTitle', 'signatureType'],
})
export class CertificateIssuer {
  @PrimaryColumn({ type: 'char', length: 2 })
  countryCode: string;

  @OneToOne(() => Country, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'country_code', foreignKeyConstraintName: 'certificate_issuers_country_fkey' })
  country: Relation<Country>;

  @Column({ type: 'varchar', length: 200 })
  organization: string;

  @Column({ type: 'varchar', length: 200 })
  signatoryName: string;

  @Column({ type: 'varchar', length: 200 })
  signatoryTitle: string;

  /** A scanned signature, PNG or JPEG, small; drawn above the signatory's name. Not selected unless asked for. */
  @Column({ type: 'bytea', nullable: true, select: false })
  signatureImage: Buffer | null;

  /** The image's media type: image/png or image/jpeg. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  signatureType: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
