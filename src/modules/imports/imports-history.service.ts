import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { type AuthUser, Role } from '@cascade/auth';
import { type Page, pageOf, type PageQueryDto } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import type { ImportSummaryDto } from './dto/import.dto.js';
import { type ImportFormat, type ImportKind, ImportStatus } from './registry-import.entity.js';

/**
 * The imports a person made, newest first (an admin sees everyone's), and the purge of those
 * never committed: an upload holds personal data, and one nobody confirms within
 * IMPORT_RETENTION_DAYS is deleted with its file and report.
 */
@Injectable()
export class ImportsHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(user: AuthUser, query: PageQueryDto): Promise<Page<ImportSummaryDto>> {
    const requester = user.role === Role.Admin ? null : user.id;
    // The report's counts only: a report may list a thousand rows, the list needs none of them.
    const rows = await this.dataSource.query<SummaryRow[]>(
      `SELECT id, kind, status, file_name, format, country_code, event_id, row_count,
              (report ->> 'invalidRows')::int AS invalid_rows, (result ->> 'trainees')::int AS trainees,
              created_at, committed_at
         FROM imports WHERE $1::uuid IS NULL OR requested_by = $1
        ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [requester, query.limit, query.offset],
    );
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM imports WHERE $1::uuid IS NULL OR requested_by = $1`,
      [requester],
    );
    return pageOf(rows.map(summaryOf), total, query);
  }

  /** Deletes the uncommitted imports older than IMPORT_RETENTION_DAYS; gives how many. */
  async purgeUncommitted(): Promise<number> {
    const deleted = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM imports WHERE status <> $1 AND created_at < now() - make_interval(days => $2)`,
      [ImportStatus.Committed, this.config.env.IMPORT_RETENTION_DAYS],
    );
    return deleted[1];
  }
}

interface SummaryRow {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  file_name: string;
  format: ImportFormat;
  country_code: string;
  event_id: string | null;
  row_count: number;
  invalid_rows: number | null;
  trainees: number | null;
  created_at: Date;
  committed_at: Date | null;
}

function summaryOf(row: SummaryRow): ImportSummaryDto {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    fileName: row.file_name,
    format: row.format,
    countryCode: row.country_code,
    eventId: row.event_id,
    rowCount: row.row_count,
    invalidRows: row.invalid_rows,
    trainees: row.trainees,
    createdAt: row.created_at.toISOString(),
    committedAt: row.committed_at ? row.committed_at.toISOString() : null,
    importUrl: `/imports/${row.id}`,
  };
}
