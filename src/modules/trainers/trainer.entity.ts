import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

import { Audited } from '../audit/index.js';
import { Country } from '../countries/index.js';
import { InstructionLanguage, Organization, Region, Sex } from '../reference/index.js';
import { User } from '../users/index.js';

export enum TrainerLevel {
  /** Trains national trainers (the top of a cascade). */
  Master = 'master',
  National = 'national',
}

export enum TrainerStatus {
  /** On the way to certification. */
  Candidate = 'candidate',
  Active = 'active',
  Inactive = 'inactive',
}

/** A person who teaches trainings: a master trainer or a national trainer. */
@Entity('trainers')
@Index('trainers_country_status_idx', ['countryCode', 'status'])
@Audited({
  entityType: 'trainer',
  values: ['countryCode', 'regionCode', 'level', 'status', 'languages', 'sex', 'organizationId', 'userId'],
})
export class Trainer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** As the person writes it, usually in Cyrillic. */
  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'varchar', length: 200 })
  latinName: string;

  @Column({ type: 'enum', enum: Sex, enumName: 'sex', default: Sex.NotRecorded })
  sex: Sex;

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

  @ManyToOne(() => Organization, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'organization_id' })
  organization: Relation<Organization> | null;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'enum', enum: TrainerLevel, enumName: 'trainer_level' })
  level: TrainerLevel;

  @Column({ type: 'enum', enum: TrainerStatus, enumName: 'trainer_status', default: TrainerStatus.Candidate })
  status: TrainerStatus;

  /** Languages the trainer teaches in. */
  @Column({ type: 'varchar', length: 2, array: true, default: () => "'{}'" })
  languages: InstructionLanguage[];

  /** The account a trainer signs in with, once they have one (one account, one trainer). */
  @OneToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User> | null;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
