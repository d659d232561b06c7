import { EnrollmentStatus } from '../events/index.js';
import type { CompletionRules, EnrolleeFacts } from './completion-rules.js';

/** Why an enrollee did not complete; none when they did. */
export type OutcomeReason = 'withdrawn' | 'no_sessions' | 'attendance' | 'post_score_missing' | 'post_score_low';

/** The share of the event's sessions attended, in whole percent (rounded down: 79.9 % is not 80 %). */
export function attendancePercent(facts: Pick<EnrolleeFacts, 'sessions' | 'attended'>): number {
  return facts.sessions === 0 ? 0 : Math.floor((facts.attended * 100) / facts.sessions);
}

/**
 * Every reason the course's rules refuse completion, in the order an officer checks them; empty
 * when the enrollee meets them. The same rules as meetsCompletionRules, spelled out.
 */
export function outcomeReasons(facts: Omit<EnrolleeFacts, 'certificate'>, rules: CompletionRules): OutcomeReason[] {
  if (facts.status === EnrollmentStatus.Withdrawn) return ['withdrawn'];
  if (facts.sessions === 0) return ['no_sessions'];
  const reasons: OutcomeReason[] = [];
  if (facts.attended * 100 < rules.minAttendancePercent * facts.sessions) reasons.push('attendance');
  if (rules.minPostScore !== null) {
    if (facts.postScore === null) reasons.push('post_score_missing');
    else if (facts.postScore < rules.minPostScore) reasons.push('post_score_low');
  }
  return reasons;
}
