import type { Locale } from '@cascade/i18n';

import type { RequirementState } from './trainer-requirement.entity.js';
import type { RequirementChangeKind } from './trainer-requirement-change.entity.js';

/** A country's requirement list and lapse rule, as stored. */
export interface ProgramView {
  countryCode: string;
  /** False while the country has no list: nobody there can be certified. */
  exists: boolean;
  lapseMonths: number | null;
  requirements: {
    code: string;
    titles: Record<Locale, string>;
    required: boolean;
    position: number;
    deadlineDays: number | null;
  }[];
}

/** Who is certified on a day (the SQL function trainer_certification_at). */
export interface CertificationAt {
  on: string;
  certified: boolean;
  requirementsMet: boolean;
  metOn: string | null;
  lastActiveOn: string | null;
  lapsesOn: string | null;
}

export interface RequirementChangeView {
  kind: RequirementChangeKind;
  state: RequirementState | null;
  effectiveOn: string | null;
  previousDeadline: string | null;
  deadline: string | null;
  eventId: string | null;
  note: string | null;
  actorName: string;
  at: Date;
}

export interface TrainerRequirementView {
  code: string;
  titles: Record<Locale, string>;
  required: boolean;
  position: number;
  state: RequirementState;
  stateOn: string | null;
  note: string | null;
  deadline: string | null;
  deadlineExtended: boolean;
  history: RequirementChangeView[];
}

/** A trainer's certification: each requirement now, and whether they are certified on the day asked. */
export interface TrainerCertification {
  trainerId: string;
  countryCode: string;
  lapseMonths: number | null;
  at: CertificationAt;
  requirements: TrainerRequirementView[];
  refreshers: { completedOn: string; note: string | null; recordedByName: string }[];
}

/**
 * Who is certified on a day, as SQL other features join on (trainer_id, certified, …): the
 * database function the certification migration made. `day` is an SQL expression of type date.
 */
export const certificationAtSql = (day: string) => `trainer_certification_at(${day})`;
