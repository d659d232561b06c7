import { AppException } from '@cascade/common';

import { checkFeedbackAnswer } from './feedback-answer-check.js';
import { feedbackState } from './feedback-window.js';

const modules = ['m1', 'm2'];
const trainers = ['t1'];

const refusal = (input: Parameters<typeof checkFeedbackAnswer>[0]) => {
  try {
    checkFeedbackAnswer(input, modules, trainers);
  } catch (error) {
    if (error instanceof AppException) return error.fieldErrors.map((e) => `${e.field}:${e.code}`);
    throw error;
  }
  throw new Error('accepted');
};

const base = { overall: '4', modules: {}, trainers: {}, mostUseful: '', missing: '' };

describe('a feedback answer', () => {
  it('takes the overall rating, the ratings given and the texts, trimmed; empty ones are left out', () => {
    const checked = checkFeedbackAnswer(
      { overall: '4', modules: { m1: '5', m2: '' }, trainers: { t1: 3 }, mostUseful: '  Разбор  ', missing: '' },
      modules,
      trainers,
    );
    expect(checked).toEqual({
      overall: 4,
      modules: new Map([['m1', 5]]),
      trainers: new Map([['t1', 3]]),
      mostUseful: 'Разбор',
      missing: null,
    });
  });

  it('names every problem at once: a missing or out-of-range rating, a stranger, a long or controlled text', () => {
    expect(
      refusal({
        overall: '',
        modules: { m1: '6', m3: '2' },
        trainers: { t1: '2.5' },
        mostUseful: 'x'.repeat(1001),
        missing: 'bell\u0007',
      }),
    ).toEqual([
      'overall:feedback_rating_required',
      'modules.m1:feedback_rating_invalid',
      'modules.m3:whitelistValidation',
      'trainers.t1:feedback_rating_invalid',
      'mostUseful:feedback_text_too_long',
      'missing:control_characters',
    ]);
    expect(refusal({ ...base, overall: '0' })).toEqual(['overall:feedback_rating_invalid']);
    expect(checkFeedbackAnswer({ ...base, mostUseful: 'x'.repeat(1000) }, modules, trainers).mostUseful).toHaveLength(
      1000,
    );
  });
});

describe('the feedback window', () => {
  const closes = new Date('2025-05-30T00:00:00Z');
  it('opens on the last day and takes answers until it closes', () => {
    expect(feedbackState('2025-05-15', closes, new Date('2025-05-14T23:59:59Z'))).toBe('not_open');
    expect(feedbackState('2025-05-15', closes, new Date('2025-05-15T00:00:00Z'))).toBe('open');
    expect(feedbackState('2025-05-15', closes, new Date('2025-05-29T23:59:59Z'))).toBe('open');
    expect(feedbackState('2025-05-15', closes, closes)).toBe('closed');
  });
});
