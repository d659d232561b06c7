import { EnrollmentStatus } from '../events/index.js';

/** A course's rules to pass. */
export interface CompletionRules {
  /** Share of the event's sessions attended (present or late), in percent. */
  minAttendancePercent: number;
  /** Post-test score needed; null when the course has no test. */
  minPostScore: number | null;
}

/** What decides one enrollee's completion, as the per-event query returns it. */
export interface EnrolleeFacts {
  status: EnrollmentStatus;
  /** Sessions the event has. */
  sessions: number;
  /** Sessions the trainee was marked present or late at. */
  attended: number;
  postScore: number | null;
  certificate: { revokedAt: Date | null; revokedReason: string | null } | null;
}

/** Why the completion job revokes a certificate; such a certificate comes back if the holder passes again. */
export const SCORE_CORRECTED = 'score corrected';

/**
 * Whether an enrollee completes: enough of the event's sessions attended and, when the course
 * has a test, a good enough post-test score. Withdrawn enrollees never complete, nor does anyone
 * at an event without sessions (nothing shows they attended).
 */
export function meetsCompletionRules(facts: Omit<EnrolleeFacts, 'certificate'>, rules: CompletionRules): boolean {
  if (facts.status === EnrollmentStatus.Withdrawn || facts.sessions === 0) return false;
  // attended / sessions ≥ min% without floating point.
  const attendedEnough = facts.attended * 100 >= rules.minAttendancePercent * facts.sessions;
  const passed = rules.minPostScore === null || (facts.postScore !== null && facts.postScore >= rules.minPostScore);
  return attendedEnough && passed;
}

/**
 * What the completion job does for one enrollee, given the facts now:
 * - `issue`: mark completed and issue the certificate;
 * - `reinstate`: passes again after a score correction had revoked the certificate: lift it;
 * - `revoke`: no longer passes (a score was corrected): revoke the certificate, back to enrolled;
 * - `reopen`: marked completed without passing and without a valid certificate: back to enrolled;
 * - `none`: nothing to change (already issued, never passed, withdrawn, or revoked by an officer).
 */
export type CompletionAction = 'issue' | 'reinstate' | 'revoke' | 'reopen' | 'none';

export function completionAction(facts: EnrolleeFacts, rules: CompletionRules): CompletionAction {
  if (facts.status === EnrollmentStatus.Withdrawn) return 'none';
  const { certificate } = facts;
  if (meetsCompletionRules(facts, rules)) {
    if (!certificate) return 'issue';
    if (certificate.revokedAt && certificate.revokedReason === SCORE_CORRECTED) return 'reinstate';
    return 'none';
  }
  if (certificate && !certificate.revokedAt) return 'revoke';
  if (facts.status === EnrollmentStatus.Completed) return 'reopen';
  return 'none';
}
