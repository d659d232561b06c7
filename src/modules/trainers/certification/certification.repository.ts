import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Locale } from '@cascade/i18n';

import type { CertificationAt, RequirementChangeView } from './certification.types.js';
import type { RequirementState } from './trainer-requirement.entity.js';

export interface RequirementRow {
  requirementId: string;
  code: string;
  titles: Record<Locale, string>;
  required: boolean;
  position: number;
  deadlineDays: number | null;
  trainerRequirementId: string | null;
  state: RequirementState | null;
  stateOn: string | null;
  note: string | null;
  /** The extended deadline, else the trainer's start plus the list's days. */
  deadline: string | null;
  deadlineExtended: boolean;
}

/** The SQL of trainer certification: a trainer's requirements, their history, and certification at a day. */
@Injectable()
export class CertificationRepository {
  /** Every trainer's certification on a day, as the function in the database computes it. */
  async at(manager: EntityManager, trainerIds: string[], on: string): Promise<Map<string, CertificationAt>> {
    const rows = await manager.query<(Omit<CertificationAt, 'on'> & { trainerId: string })[]>(
      `SELECT trainer_id AS "trainerId", certified, requirements_met AS "requirementsMet",
              met_on::text AS "metOn", last_active_on::text AS "lastActiveOn", lapses_on::text AS "lapsesOn"
         FROM trainer_certification_at($2::date) WHERE trainer_id = ANY($1::uuid[])`,
      [trainerIds, on],
    );
    return new Map(rows.map(({ trainerId, ...row }) => [trainerId, { on, ...row }]));
  }

  requirements(manager: EntityManager, trainerId: string, code?: string): Promise<RequirementRow[]> {
    return manager.query<RequirementRow[]>(
      `SELECT r.id AS "requirementId", r.code, r.titles, r.required, r.position, r.deadline_days AS "deadlineDays",
              tr.id AS "trainerRequirementId", tr.state, tr.state_on::text AS "stateOn", tr.note,
              coalesce(tr.deadline, (t.created_at AT TIME ZONE 'UTC')::date + r.deadline_days)::text AS deadline,
              tr.deadline IS NOT NULL AS "deadlineExtended"
         FROM trainers t
         JOIN certification_requirements r ON r.country_code = t.country_code
         LEFT JOIN trainer_requirements tr ON tr.trainer_id = t.id AND tr.requirement_id = r.id
        WHERE t.id = $1 AND ($2::text IS NULL OR r.code = $2)
        ORDER BY r.position`,
      [trainerId, code ?? null],
    );
  }

  async history(manager: EntityManager, trainerId: string): Promise<Map<string, RequirementChangeView[]>> {
    const rows = await manager.query<(RequirementChangeView & { requirementId: string })[]>(
      `SELECT tr.requirement_id AS "requirementId", c.kind, c.state, c.effective_on::text AS "effectiveOn",
              c.previous_deadline::text AS "previousDeadline", c.deadline::text AS deadline, c.event_id AS "eventId",
              c.note, u.display_name AS "actorName", c.created_at AS at
         FROM trainer_requirement_changes c
         JOIN trainer_requirements tr ON tr.id = c.trainer_requirement_id
         JOIN users u ON u.id = c.actor_id
        WHERE tr.trainer_id = $1
        ORDER BY c.created_at, c.id`,
      [trainerId],
    );
    const byRequirement = new Map<string, RequirementChangeView[]>();
    for (const { requirementId, ...change } of rows) {
      byRequirement.set(requirementId, [...(byRequirement.get(requirementId) ?? []), change]);
    }
    return byRequirement;
  }

  refreshers(manager: EntityManager, trainerId: string) {
    return manager.query<{ completedOn: string; note: string | null; recordedByName: string }[]>(
      `SELECT rf.completed_on::text AS "completedOn", rf.note, u.display_name AS "recordedByName"
         FROM trainer_refreshers rf JOIN users u ON u.id = rf.recorded_by_id
        WHERE rf.trainer_id = $1 ORDER BY rf.completed_on DESC`,
      [trainerId],
    );
  }

  /** Codes of the country's requirements some trainer has a record for: they cannot be removed. */
  async codesInUse(manager: EntityManager, countryCode: string): Promise<string[]> {
    const rows = await manager.query<{ code: string }[]>(
      `SELECT DISTINCT r.code FROM certification_requirements r
         JOIN trainer_requirements tr ON tr.requirement_id = r.id
        WHERE r.country_code = $1`,
      [countryCode],
    );
    return rows.map((row) => row.code);
  }
}
