import type {
  EntityMetadata,
  EntitySubscriberInterface,
  InsertEvent,
  ObjectLiteral,
  RemoveEvent,
  UpdateEvent,
} from 'typeorm';
import { EventSubscriber } from 'typeorm';

import { requestContext } from '@cascade/common';

import { AuditAction } from './audit-log-entry.entity.js';
import { writeAuditEntry } from './audit-writer.js';
import { auditPolicyOf } from './audited.decorator.js';

// Bookkeeping columns that change on every write and say nothing about it.
const IGNORED = new Set(['createdAt', 'updatedAt']);

/**
 * Writes an audit row for every insert, update and remove of an @Audited entity, in the
 * transaction of the change itself.
 * Changes must go through save()/remove() on entities for the subscriber to see them, and
 * audited entities keep their links in columns: TypeORM reports no event for the owner when
 * only a many-to-many join table changes (a test checks that no audited entity has one).
 */
@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface {
  async afterInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    if (!event.entity || !auditPolicyOf(event.metadata.target)) return;
    // Fields given a value: a column left null (a password not yet set) was not set.
    // The id is the row's entity_id already.
    const fields = event.metadata.columns
      .filter((c) => !c.isPrimary || !c.isGenerated)
      .map((c) => c.propertyName)
      .filter((name) => !IGNORED.has(name) && (event.entity as Record<string, unknown>)[name] != null);
    await this.record(event, AuditAction.Create, event.entity, fields);
  }

  async afterUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    if (!event.entity) return;
    const fields = [...event.updatedColumns, ...event.updatedRelations]
      .map((column) => column.propertyName)
      .filter((name) => !IGNORED.has(name));
    if (fields.length === 0) return;
    await this.record(event, AuditAction.Update, { ...event.databaseEntity, ...event.entity }, fields);
  }

  async afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    const entity: ObjectLiteral = { ...(event.databaseEntity as ObjectLiteral | undefined), ...event.entity };
    // TypeORM has cleared the removed entity's id by now; the event still carries it, as the
    // bare value for a single-column key and as a map for a composite one.
    if (event.entityId !== undefined) Object.assign(entity, idMap(event.metadata, event.entityId));
    await this.record(event, AuditAction.Delete, entity, []);
  }

  private async record(
    event: InsertEvent<ObjectLiteral> | UpdateEvent<ObjectLiteral> | RemoveEvent<ObjectLiteral>,
    action: AuditAction,
    entity: ObjectLiteral | undefined,
    fields: string[],
  ): Promise<void> {
    const policy = auditPolicyOf(event.metadata.target);
    if (!policy || !entity) return;
    const context = requestContext.get();
    const values = Object.fromEntries(
      fields.filter((field) => policy.values.includes(field)).map((field) => [field, entity[field]]),
    );
    await writeAuditEntry(event.queryRunner, {
      actorId: context?.actorId ?? null,
      action,
      entityType: policy.entityType,
      entityId: entityId(event.metadata, entity),
      requestId: context?.requestId ?? null,
      changedFields: fields,
      values: Object.keys(values).length > 0 ? values : null,
    });
  }
}

function idMap(metadata: EntityMetadata, id: unknown): ObjectLiteral {
  if (typeof id === 'object' && id !== null) return metadata.getEntityIdMap(id) ?? {};
  const [primary] = metadata.primaryColumns;
  return metadata.primaryColumns.length === 1 ? { [primary.propertyName]: id } : {};
}

function entityId(metadata: EntityMetadata, entity: ObjectLiteral): string {
  return metadata.primaryColumns.map((column) => String(column.getEntityValue(entity))).join(':');
}
