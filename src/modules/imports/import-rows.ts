import { createHash } from 'node:crypto';

import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { AppException, latestToday } from '@cascade/common';

import type { NameKey } from '../trainees/index.js';
import { cellText } from './import-cells.js';
import { type HeaderMatch, matchHeader, normalizeLabel, type TraineeRecord } from './import-columns.js';
import type { OpenedFile } from './import-file.js';
import { type OrganizationIndex, organizationIndex, type RegionIndex, regionIndex } from './import-places.js';
import type { RowProblem } from './import-report.js';
import { checkRow } from './import-row-check.js';
import { ImportsErrorCode } from './imports-error-code.js';
import type { ImportKind } from './registry-import.entity.js';

/** What an import writes into: a country's registry, and for event records one event. */
export interface ImportTarget {
  kind: ImportKind;
  countryCode: string;
  eventId: string | null;
}

/** What checking needs to know besides the file: the country's regions and organisations, the event's sessions. */
export interface TargetFacts {
  regions: RegionIndex;
  organizations: OrganizationIndex;
  /** The event's sessions in order (date, start time); empty for trainees. */
  sessionIds: string[];
  /**
   * All of the above as a hash: rows checked against facts with the same fingerprint check the
   * same way now (a commit may take the dry run's rows, import-checked-rows.ts).
   */
  fingerprint: string;
}

/** A data row of the file, checked: its record when valid, its problems, its name key for duplicates. */
export interface CheckedLine {
  number: number;
  record: TraineeRecord | null;
  problems: RowProblem[];
  nameKey: NameKey | null;
  birthYear: number | null;
}

/** The file's data rows, checked, after its header is matched (file-level problems throw). */
export async function* checkedLines(
  file: OpenedFile,
  target: ImportTarget,
  facts: TargetFacts,
  onHeader?: (header: HeaderMatch) => void,
): AsyncGenerator<CheckedLine> {
  let header: HeaderMatch | null = null;
  // One day for the whole file, as its rows are checked against it.
  const today = latestToday();
  // Until the header is found: the row naming the most columns, for the message if none names them all.
  let likeliest: HeaderMatch | null = null;
  for await (const row of file.rows()) {
    if (isBlank(row.cells)) continue;
    if (header === null) {
      const match = matchHeader(row.cells, target.kind);
      if (match.missing.length > 0) {
        if (likeliest === null || namedColumns(match) > namedColumns(likeliest)) likeliest = match;
        if (row.number < HEADER_SEARCH_ROWS) continue;
        assertHeaderUsable(likeliest, facts.sessionIds.length);
      }
      header = match;
      assertHeaderUsable(header, facts.sessionIds.length);
      onHeader?.(header);
      continue;
    }
    const checked = checkRow(row.cells, {
      kind: target.kind,
      header,
      countryCode: target.countryCode,
      regions: facts.regions,
      organizations: facts.organizations,
      sessions: facts.sessionIds.length,
      today,
    });
    yield { number: row.number, ...checked };
  }
  // A file whose rows never named all the required columns: say which the likeliest header lacks.
  if (header === null && likeliest !== null) assertHeaderUsable(likeliest, facts.sessionIds.length);
}

/**
 * The header is looked for in this many rows: a title, a date or a blank line above it ("Список
 * участников семинара", "Тренинг 12.05.2025") is common in officers' files.
 */
export const HEADER_SEARCH_ROWS = 10;

const namedColumns = (match: HeaderMatch) => match.fields.filter((field) => field !== null).length;

/** What checking a file against its target needs: the country's regions by name and code, the event's sessions. */
export async function targetFacts(manager: EntityManager, target: ImportTarget): Promise<TargetFacts> {
  const regionRows = await manager.query<{ code: string; names: Record<string, string> | null }[]>(
    'SELECT code, names FROM regions WHERE country_code = $1',
    [target.countryCode],
  );
  const organizationRows = await manager.query<{ id: string; name: string }[]>(
    'SELECT id, name FROM organizations WHERE country_code = $1 ORDER BY name, id',
    [target.countryCode],
  );
  const sessionIds =
    target.eventId === null
      ? []
      : (
          await manager.query<{ id: string }[]>(
            'SELECT id FROM training_sessions WHERE event_id = $1 ORDER BY date, start_time, id',
            [target.eventId],
          )
        ).map((session) => session.id);
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([[...regionRows].sort((a, b) => a.code.localeCompare(b.code)), organizationRows, sessionIds]),
    )
    .digest('base64');
  return {
    regions: regionIndex(regionRows, normalizeLabel),
    organizations: organizationIndex(organizationRows),
    sessionIds,
    fingerprint,
  };
}

/** A row with nothing in it (Excel keeps formatted empty rows): skipped, not reported. */
const isBlank = (cells: unknown[]) => cells.every((cell) => cellText(cell) === null);

function assertHeaderUsable(header: HeaderMatch, sessionCount: number): void {
  if (header.duplicated.length > 0) {
    throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.DuplicateColumn, { column: header.duplicated[0] });
  }
  if (header.missing.length > 0) {
    throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.MissingColumns, {
      columns: header.missing.join(', '),
      fields: header.missing.join(','),
    });
  }
  if (header.sessions > sessionCount) {
    throw new AppException(HttpStatus.BAD_REQUEST, ImportsErrorCode.UnknownSession, {
      n: header.sessions,
      count: sessionCount,
    });
  }
}
