import type { QueryRunner } from 'typeorm';

import { requestContext } from '@cascade/common';

import type { AuditAction } from './audit-log-entry.entity.js';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  entityType: string;
  entityId: string;
  requestId: string | null;
  changedFields: string[];
  /** Values of non-personal fields only. */
  values: Record<string, unknown> | null;
}

/** Appends one row on the given query runner, so it commits or rolls back with the change. */
export async function writeAuditEntry(queryRunner: QueryRunner, entry: AuditEntry): Promise<void> {
  await queryRunner.query(
    `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, request_id, changed_fields, "values")
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.actorId,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.requestId,
      entry.changedFields,
      entry.values ? JSON.stringify(entry.values) : null,
    ],
  );
}

/**
 * For writes the subscriber cannot see (bulk inserts such as a roster of attendance marks):
 * one row for the whole operation, with the acting user and request from the context.
 */
export function auditBulkWrite(
  queryRunner: QueryRunner,
  entry: Pick<AuditEntry, 'action' | 'entityType' | 'entityId' | 'changedFields' | 'values'>,
): Promise<void> {
  const context = requestContext.get();
  return writeAuditEntry(queryRunner, {
    ...entry,
    actorId: context?.actorId ?? null,
    requestId: context?.requestId ?? null,
  });
}
