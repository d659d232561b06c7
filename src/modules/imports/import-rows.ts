import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { AppException } from '@cascade/common';

import type { NameKey } from '../trainees/index.js';
import {
  cellText,
  checkRow,
  type HeaderMatch,
  matchHeader,
  normalizeLabel,
  type TraineeRecord,
} from './import-columns.js';
import type { OpenedFile } from './import-file.js';
import type { RowProblem } from './import-report.js';
import { ImportsErrorCode } from './imports-error-code.js';
import type { ImportKind } from './registry-import.entity.js';

/** What an import writes into: a country's registry, and for event records one event. */
export interface ImportTarget {
  kind: ImportKind;
  countryCode: string;
  eventId: string | null;
}

/** What checking needs to know besides the file: the country's regions and the event's sessions. */
export interface TargetFacts {
  regions: Map<string, string>;
  /** The event's sessions in order (date, start time); empty for trainees. */
  sessionIds: string[];
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
  for await (const row of file.rows()) {
    if (header === null) {
      if (isBlank(row.cells)) continue;
      header = matchHeader(row.cells, target.kind);
      assertHeaderUsable(header, facts.sessionIds.length);
      onHeader?.(header);
      continue;
    }
    if (isBlank(row.cells)) continue;
    const checked = checkRow(row.cells, {
      kind: target.kind,
      header,
      regions: facts.regions,
      sessions: facts.sessionIds.length,
    });
    yield { number: row.number, ...checked };
  }
}

/** What checking a file against its target needs: the country's regions by name and code, the event's sessions. */
export async function targetFacts(manager: EntityManager, target: ImportTarget): Promise<TargetFacts> {
  const regions = new Map<string, string>();
  const rows = await manager.query<{ code: string; names: Record<string, string> }[]>(
    'SELECT code, names FROM regions WHERE country_code = $1',
    [target.countryCode],
  );
  for (const region of rows) {
    for (const name of Object.values(region.names ?? {})) regions.set(normalizeLabel(name), region.code);
  }
  // Codes last: a code always means its own region, whatever a name says.
  for (const region of rows) regions.set(region.code.toUpperCase(), region.code);
  const sessionIds =
    target.eventId === null
      ? []
      : (
          await manager.query<{ id: string }[]>(
            'SELECT id FROM training_sessions WHERE event_id = $1 ORDER BY date, start_time, id',
            [target.eventId],
          )
        ).map((session) => session.id);
  return { regions, sessionIds };
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
