import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import { invalidField, type Page, pageOf } from '@cascade/common';

import { AuditLogEntry } from './audit-log-entry.entity.js';
import type { AuditLogQueryDto } from './dto/audit-log-query.dto.js';

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLogEntry) private readonly entries: Repository<AuditLogEntry>) {}

  /** Newest first, filtered in SQL on indexed columns. */
  async list(query: AuditLogQueryDto): Promise<Page<AuditLogEntry>> {
    if (query.from && query.to && new Date(query.from) > new Date(query.to)) {
      throw invalidField('to', 'period_reversed');
    }
    const builder = this.entries.createQueryBuilder('entry');
    if (query.actorId) builder.andWhere('entry.actor_id = :actorId', { actorId: query.actorId });
    if (query.entityType) builder.andWhere('entry.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('entry.entity_id = :entityId', { entityId: query.entityId });
    if (query.from) builder.andWhere('entry.occurred_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('entry.occurred_at <= :to', { to: query.to });
    const [items, total] = await builder
      .orderBy('entry.occurred_at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return pageOf(items, total, query);
  }
}
