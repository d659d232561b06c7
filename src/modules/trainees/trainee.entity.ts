import {
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
import { InstructionLanguage, Organization, Profession, Region, Sex } from '../reference/index.js';

/**
 * A person trained at an event. The minimum is recorded; contact data is optional; and when
 * consent is withdrawn the name and contact are erased while the anonymous counts remain.
 */
@Entity('trainees')
@Index('trainees_country_idx', ['countryCode', 'createdAt'])
// A pg_trgm GIN index (gin_trgm_ops), written by hand in its migration: TypeORM cannot express it.
@Index('trainees_name_key_trgm_idx', { synchronize: false })
// The blocking keys duplicate detection reads (`blocking_keys`, `name_initials`): columns PostgreSQL
// generates from name_key and phone, GIN-indexed, written by their migration; TypeORM never maps them.
@Index('trainees_blocking_keys_idx', { synchronize: false })
@Audited({
  entityType: 'trainee',
  values: [
    'sex',
    'profession',
    'organizationId',
    'countryCode',
    'regionCode',
    'consentGivenAt',
    'consentWithdrawnAt',
    'mergedIntoId',
  ],
})
export class Trainee {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** As written on the sign-in sheet; null once consent is withdrawn. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  fullName: string | null;

  /** Latin transliteration, derived from the name when not given. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  latinName: string | null;

  @Column({ type: 'enum', enum: Sex, enumName: 'sex', default: Sex.NotRecorded })
  sex: Sex;

  @Column({ type: 'enum', enum: Profession, enumName: 'profession' })
  profession: Profession;

  @ManyToOne(() => Organization, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'organization_id' })
  organization: Relation<Organization> | null;

  @Index('trainees_organization_idx')
  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

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

  @Column({ type: 'smallint', nullable: true })
  birthYear: number | null;

  /** Optional, and erased with the name when consent is withdrawn. Indexed: duplicate detection looks up equal phones. */
  @Index('trainees_phone_idx')
  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** The language for the trainee's certificate; the event's language when not given. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  preferredLanguage: InstructionLanguage | null;

  @Column({ type: 'timestamptz', nullable: true })
  consentGivenAt: Date | null;

  /** The user who recorded the consent. */
  @Column({ type: 'uuid', nullable: true })
  consentRecordedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  consentWithdrawnAt: Date | null;

  /**
   * The name reduced to a key that one person's spellings share (see duplicates/name-key.ts),
   * kept by the service on every write; null once consent is withdrawn or the record merged.
   */
  @Column({ type: 'varchar', length: 200, nullable: true })
  nameKey: string | null;

  /** The patronymic's key, apart: present or absent it does not matter, different it does. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  patronymicKey: string | null;

  /** Set when this record was merged into another (a duplicate retired, kept so the merge can be undone). */
  @ManyToOne(() => Trainee, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto: Relation<Trainee> | null;

  @Index('trainees_merged_into_idx')
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
