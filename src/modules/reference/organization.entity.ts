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
import { Region } from './region.entity.js';
import { OrganizationType } from './vocabulary.js';

/** Where trainees work: a forensic bureau, a court, a bar association, an NGO … */
@Entity('organizations')
@Index('organizations_country_type_idx', ['countryCode', 'type'])
@Audited({ entityType: 'organization', values: ['name', 'type', 'countryCode', 'regionCode'] })
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** As the organisation writes it, in any language. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: OrganizationType, enumName: 'organization_type' })
  type: OrganizationType;

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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
