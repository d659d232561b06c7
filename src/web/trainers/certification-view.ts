import { formatDate } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { RequirementChangeKind, RequirementState, type TrainerCertification } from '../../modules/trainers/index.js';

/** The trainer's certification as the page shows it: dates in the page's language, labels by key. */
export function certificationView(certification: TrainerCertification, locale: Locale) {
  const date = (value: string | null) => (value === null ? null : formatDate(locale, value));
  const { at } = certification;
  return {
    certified: at.certified,
    requirementsMet: at.requirementsMet,
    lastActiveOn: date(at.lastActiveOn),
    lapsesOn: date(at.lapsesOn),
    lapseMonths: certification.lapseMonths,
    requirements: certification.requirements.map((requirement) => ({
      code: requirement.code,
      title: requirement.titles[locale],
      required: requirement.required,
      state: requirement.state,
      stateLabel: `enums.requirement_state.${requirement.state}`,
      stateOn: date(requirement.stateOn),
      note: requirement.note,
      deadline: date(requirement.deadline),
      deadlineExtended: requirement.deadlineExtended,
      overdue:
        requirement.deadline !== null && requirement.deadline < at.on && requirement.state !== RequirementState.Passed,
      history: requirement.history.map((change) => ({
        extension: change.kind === RequirementChangeKind.Extension,
        stateLabel: change.state ? `enums.requirement_state.${change.state}` : null,
        effectiveOn: date(change.effectiveOn),
        previousDeadline: date(change.previousDeadline),
        deadline: date(change.deadline),
        note: change.note,
        actorName: change.actorName,
        at: formatDate(locale, change.at),
      })),
    })),
    refreshers: certification.refreshers.map((refresher) => ({
      completedOn: formatDate(locale, refresher.completedOn),
      note: refresher.note,
      recordedByName: refresher.recordedByName,
    })),
  };
}
