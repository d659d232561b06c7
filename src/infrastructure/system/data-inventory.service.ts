import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface TableInventory {
  table: string;
  rows: number;
  bytes: number;
}

/** What the database holds: every application table with its exact row count and size. */
export interface DataInventory {
  generatedAt: string;
  databaseBytes: number;
  tables: TableInventory[];
}

/**
 * Counts what Cascade stores, table by table, so an admin can review how much personal data
 * is held (for a data-protection review or before a handover) without reading any of it.
 */
@Injectable()
export class DataInventoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async compute(): Promise<DataInventory> {
    // query_to_xml runs an exact count(*) per table inside one statement.
    const tables = await this.dataSource.query<{ table: string; rows: string; bytes: string }[]>(`
      SELECT c.relname AS "table",
             (xpath('/row/n/text()',
                    query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')
             ))[1]::text AS rows,
             pg_total_relation_size(c.oid)::text AS bytes
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
       ORDER BY c.relname`);
    const [{ bytes }] = await this.dataSource.query<{ bytes: string }[]>(
      'SELECT pg_database_size(current_database())::text AS bytes',
    );
    return {
      generatedAt: new Date().toISOString(),
      databaseBytes: Number(bytes),
      tables: tables.map((t) => ({ table: t.table, rows: Number(t.rows), bytes: Number(t.bytes) })),
    };
  }
}
