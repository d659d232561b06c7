import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { assertCanAccess, type AuthUser, type Permission, Role } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';

import type { EventStatus } from './training-event.entity.js';

/** What decides who may see, mark or certify an event: its country, its trainers, its editing window. */
export interface EventAccess {
  eventId: string;
  countryCode: string;
  status: EventStatus;
  endDate: string;
  language: string;
  reopenedUntil: Date | null;
  trainerUserIds: string[];
}

/**
 * Loads an event's access facts and checks them; 404 when missing or out of the caller's scope.
 * `personal`: what is asked for holds names (certificates), so never for donors.
 */
export async function loadEventAccess(
  manager: EntityManager,
  user: AuthUser,
  permission: Permission,
  where: { eventId: string } | { sessionId: string },
  options: { personal?: boolean } = {},
): Promise<EventAccess & { sessionId?: string }> {
  const byEvent = 'eventId' in where;
  const [row] = await manager.query<(EventAccess & { sessionId: string | null })[]>(
    `SELECT e.id AS "eventId", ${byEvent ? 'NULL' : 's.id'} AS "sessionId", e.country_code AS "countryCode",
            e.status, to_char(e.end_date, 'YYYY-MM-DD') AS "endDate", e.language,
            e.attendance_reopened_until AS "reopenedUntil",
            coalesce(array_agg(et.trainer_user_id) FILTER (WHERE et.trainer_user_id IS NOT NULL), '{}') AS "trainerUserIds"
       FROM ${byEvent ? 'training_events e' : 'training_sessions s JOIN training_events e ON e.id = s.event_id'}
       LEFT JOIN event_teachers et ON et.event_id = e.id
      WHERE ${byEvent ? 'e.id = $1' : 's.id = $1'}
      GROUP BY e.id${byEvent ? '' : ', s.id'}`,
    [byEvent ? where.eventId : where.sessionId],
  );
  if (!row) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
  assertCanAccess(user, permission, {
    countryCode: row.countryCode,
    trainerUserIds: row.trainerUserIds,
    personal: options.personal,
  });
  return { ...row, sessionId: row.sessionId ?? undefined };
}

/**
 * Trainers may record for an event until `editDays` after it ends, or while an officer has
 * reopened it; officers and admins at any time.
 */
export function recordingOpen(user: AuthUser, access: EventAccess, editDays: number, now = new Date()): boolean {
  if (user.role !== Role.Trainer) return true;
  const closes = new Date(`${access.endDate}T23:59:59Z`);
  closes.setUTCDate(closes.getUTCDate() + editDays);
  return now <= closes || (access.reopenedUntil !== null && now <= access.reopenedUntil);
}

/** Which of the given trainees hold a place (not withdrawn) at the event. */
export async function enrolledAmong(
  manager: EntityManager,
  eventId: string,
  traineeIds: string[],
): Promise<Set<string>> {
  const rows = await manager.query<{ trainee_id: string }[]>(
    `SELECT trainee_id FROM enrollments WHERE event_id = $1 AND status <> 'withdrawn' AND trainee_id = ANY($2)`,
    [eventId, traineeIds],
  );
  return new Set(rows.map((row) => row.trainee_id));
}
