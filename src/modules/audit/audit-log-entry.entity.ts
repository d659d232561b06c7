import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditAction {
  Create = 'create',
  Update = 'update',
  Delete = 'delete',
  /** Personal data read out of the system in bulk (a trainee list): no write, but accounted for. */
  Export = 'export',
}

/**
 * One write to an audited record. Append-only: no route changes it, and a trigger makes
 * the database refuse UPDATE, DELETE and TRUNCATE on the table.
 */
@Entity('audit_log')
@Index('audit_log_occurred_at_idx', ['occurredAt'])
@Index('audit_log_actor_idx', ['actorId', 'occurredAt'])
@Index('audit_log_entity_idx', ['entityType', 'entityId'])
export class AuditLogEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  /** The signed-in user who made the change; null for the system (seeding, jobs). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'enum', enum: AuditAction, enumName: 'audit_action' })
  action: AuditAction;

  @Column({ type: 'varchar', length: 60 })
  entityType: string;

  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'text', array: true })
  changedFields: string[];

  /** New values of the changed fields the entity's policy allows; personal fields are never here. */
  @Column({ type: 'jsonb', nullable: true })
  values: Record<string, unknown> | null;
}
