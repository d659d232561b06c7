import { EnrollmentStatus } from '../events/index.js';
import {
  completionAction,
  type CompletionRules,
  type EnrolleeFacts,
  meetsCompletionRules,
  SCORE_CORRECTED,
} from './completion-rules.js';

const usual: CompletionRules = { minAttendancePercent: 80, minPostScore: 70 };
const facts = (overrides: Partial<EnrolleeFacts> = {}): EnrolleeFacts => ({
  status: EnrollmentStatus.Enrolled,
  sessions: 10,
  attended: 8,
  postScore: 70,
  certificate: null,
  ...overrides,
});

describe('meetsCompletionRules', () => {
  it('passes exactly at the thresholds: 80 % of sessions and a post score of 70', () => {
    expect(meetsCompletionRules(facts(), usual)).toBe(true);
  });

  it('fails one session short, or one point short', () => {
    expect(meetsCompletionRules(facts({ attended: 7 }), usual)).toBe(false);
    expect(meetsCompletionRules(facts({ postScore: 69 }), usual)).toBe(false);
  });

  it('compares the share without rounding: 2 of 3 sessions is below 67 %', () => {
    expect(meetsCompletionRules(facts({ sessions: 3, attended: 2 }), { ...usual, minAttendancePercent: 67 })).toBe(
      false,
    );
    expect(meetsCompletionRules(facts({ sessions: 3, attended: 2 }), { ...usual, minAttendancePercent: 66 })).toBe(
      true,
    );
  });

  it('fails without a post score when the course has a test', () => {
    expect(meetsCompletionRules(facts({ postScore: null }), usual)).toBe(false);
  });

  it('ignores the score when the course has no test', () => {
    expect(meetsCompletionRules(facts({ postScore: null }), { ...usual, minPostScore: null })).toBe(true);
    expect(meetsCompletionRules(facts({ postScore: 5 }), { ...usual, minPostScore: null })).toBe(true);
  });

  it('never passes a withdrawn enrollee, however good', () => {
    expect(
      meetsCompletionRules(facts({ status: EnrollmentStatus.Withdrawn, attended: 10, postScore: 100 }), usual),
    ).toBe(false);
  });

  it('passes nobody at an event without sessions, even with no attendance rule', () => {
    expect(meetsCompletionRules(facts({ sessions: 0, attended: 0 }), { ...usual, minAttendancePercent: 0 })).toBe(
      false,
    );
  });
});

describe('completionAction', () => {
  const revoked = (reason: string) => ({ revokedAt: new Date('2025-06-01'), revokedReason: reason });
  const valid = { revokedAt: null, revokedReason: null };

  it.each<[string, Partial<EnrolleeFacts>, string]>([
    ['passes, no certificate yet', {}, 'issue'],
    ['passes, marked completed but no certificate', { status: EnrollmentStatus.Completed }, 'issue'],
    ['passes, already certified', { status: EnrollmentStatus.Completed, certificate: valid }, 'none'],
    ['passes again after a score correction', { certificate: revoked(SCORE_CORRECTED) }, 'reinstate'],
    ['passes, but an officer revoked the certificate', { certificate: revoked('forged signature sheet') }, 'none'],
    [
      'no longer passes, certified',
      { status: EnrollmentStatus.Completed, postScore: 50, certificate: valid },
      'revoke',
    ],
    [
      'no longer passes, certificate already revoked',
      { status: EnrollmentStatus.Completed, postScore: 50, certificate: revoked('x') },
      'reopen',
    ],
    ['marked completed without passing', { status: EnrollmentStatus.Completed, attended: 2 }, 'reopen'],
    ['never passed', { attended: 2 }, 'none'],
    ['withdrawn', { status: EnrollmentStatus.Withdrawn, attended: 10 }, 'none'],
    ['withdrawn with a certificate', { status: EnrollmentStatus.Withdrawn, certificate: valid }, 'none'],
  ])('%s → %s', (_, overrides, action) => {
    expect(completionAction(facts(overrides), usual)).toBe(action);
  });
});
