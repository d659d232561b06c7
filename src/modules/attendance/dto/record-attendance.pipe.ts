import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';

import { createValidationPipe } from '@cascade/common';

import { AttendanceStatus } from '../attendance-mark.entity.js';
import { type AttendanceMarkDto, RecordAttendanceDto } from './attendance.dto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const INSTANT =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
// No control characters at all: a note that has some takes the full path and its rules.
const PLAIN_TEXT = /^[^\p{Cc}]*$/u;
const STATUSES = new Set<string>(Object.values(AttendanceStatus));
const MARK_FIELDS = new Set(['id', 'traineeId', 'status', 'note', 'markedAt']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

/** A calendar date that exists (no 31 April), as class-validator's strict ISO 8601 asks. */
function realDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCDate() === Number(day) && date.getUTCMonth() === Number(month) - 1;
}

function plainMark(mark: unknown): mark is AttendanceMarkDto {
  if (!isRecord(mark)) return false;
  for (const key in mark) if (!MARK_FIELDS.has(key)) return false;
  const { id, traineeId, status, note, markedAt } = mark;
  if (typeof id !== 'string' || !UUID.test(id)) return false;
  if (typeof traineeId !== 'string' || !UUID.test(traineeId)) return false;
  if (typeof status !== 'string' || !STATUSES.has(status)) return false;
  if (note !== undefined && (typeof note !== 'string' || note.length > 500 || !PLAIN_TEXT.test(note))) return false;
  if (typeof markedAt !== 'string') return false;
  const instant = INSTANT.exec(markedAt);
  return instant !== null && realDate(instant[1], instant[2], instant[3]);
}

/**
 * The roster body as it nearly always comes: every mark plainly right. Returns it as it is, or
 * null for anything else. Stricter than RecordAttendanceDto's decorators, never looser (a spec
 * holds it to that): whatever it does not take goes through the one validation pipe, which gives
 * the per-field, localized errors.
 */
export function plainRoster(body: unknown): RecordAttendanceDto | null {
  if (!isRecord(body)) return null;
  for (const key in body) if (key !== 'marks') return null;
  const { marks } = body;
  if (!Array.isArray(marks) || marks.length < 1 || marks.length > 200) return null;
  for (const mark of marks) if (!plainMark(mark)) return null;
  return body as unknown as RecordAttendanceDto;
}

/**
 * `PUT /sessions/:id/attendance`'s body, the app's busiest write: class-transformer and
 * class-validator cost more CPU on 30 nested marks than the rest of the request, so a body that is
 * plainly right (plainRoster) is taken as it is, and any other goes through the one validation pipe
 * (createValidationPipe) as if it were the route's.
 */
@Injectable()
export class RecordAttendancePipe implements PipeTransform<unknown, Promise<RecordAttendanceDto>> {
  private readonly full = createValidationPipe();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<RecordAttendanceDto> {
    return (
      plainRoster(value) ??
      ((await this.full.transform(value, { ...metadata, metatype: RecordAttendanceDto })) as RecordAttendanceDto)
    );
  }
}
