import { EnrollmentStatus } from '../events/index.js';
import { attendancePercent, outcomeReasons } from './certificate-outcomes.js';
import { meetsCompletionRules } from './completion-rules.js';

const rules = { minAttendancePercent: 80, minPostScore: 70 };
const facts = (overrides: Partial<Parameters<typeof outcomeReasons>[0]> = {}) => ({
  status: EnrollmentStatus.Enrolled,
  sessions: 5,
  attended: 4,
  postScore: 70 as number | null,
  ...overrides,
});

describe('outcomeReasons', () => {
  it.each([
    ['passes', facts(), []],
    ['attended too little', facts({ attended: 3 }), ['attendance']],
    ['scored below the pass mark', facts({ postScore: 69 }), ['post_score_low']],
    ['has no post-test score', facts({ postScore: null }), ['post_score_missing']],
    ['fails both', facts({ attended: 1, postScore: 10 }), ['attendance', 'post_score_low']],
    ['withdrew', facts({ status: EnrollmentStatus.Withdrawn }), ['withdrawn']],
    ['attended an event without sessions', facts({ sessions: 0, attended: 0 }), ['no_sessions']],
  ])('%s → %p', (_, given, reasons) => {
    expect(outcomeReasons(given, rules)).toEqual(reasons);
    // The reasons never disagree with the rule completion applies.
    expect(reasons.length === 0).toBe(meetsCompletionRules(given, rules));
  });

  it('asks for no score when the course has no test', () => {
    expect(outcomeReasons(facts({ postScore: null }), { ...rules, minPostScore: null })).toEqual([]);
  });
});

describe('attendancePercent', () => {
  it('rounds down, and is 0 without sessions', () => {
    expect(attendancePercent({ sessions: 3, attended: 2 })).toBe(66);
    expect(attendancePercent({ sessions: 0, attended: 0 })).toBe(0);
  });
});
