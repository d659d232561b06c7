import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * `?sort=name` sorts a list up, `?sort=-name` down: one of the list's own sortable fields, each
 * mapped to a SQL column, so the sort happens in the database, before paging.
 */
export function SortField(fields: readonly string[], fallback: string) {
  const values = fields.flatMap((field) => [field, `-${field}`]);
  return applyDecorators(
    ApiPropertyOptional({ enum: values, default: fallback, description: 'A field to sort by; "-" sorts descending' }),
    IsOptional(),
    IsIn(values),
  );
}

/** Orders the query by the requested field (else the fallback), then by id so pages are stable. */
export function applySort<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  sort: string | undefined,
  columns: Readonly<Record<string, string>>,
  fallback: string,
  idColumn: string,
): SelectQueryBuilder<T> {
  const requested = sort ?? fallback;
  const descending = requested.startsWith('-');
  const column = columns[descending ? requested.slice(1) : requested];
  return builder.orderBy(column, descending ? 'DESC' : 'ASC', 'NULLS LAST').addOrderBy(idColumn, 'ASC');
}
