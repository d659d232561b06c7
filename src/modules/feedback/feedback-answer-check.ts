import { HttpStatus } from '@nestjs/common';

import { AppException, CommonErrorCode, controlCharacterErrors, type FieldError } from '@cascade/common';

import type { CheckedFeedbackAnswer, FeedbackAnswerInput } from './dto/feedback-answer.input.js';
import { FeedbackFieldCode } from './feedback-error-code.js';
import { FEEDBACK_TEXT_MAX } from './feedback-window.js';

/** A 1–5 rating from a form or JSON value; null when left empty, NaN when not one. */
function rating(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  return Number.isInteger(number) && number >= 1 && number <= 5 ? number : NaN;
}

function text(value: unknown, field: string, errors: FieldError[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.push({ field, code: FeedbackFieldCode.TextTooLong, messageKey: 'validation.invalid' });
    return null;
  }
  const controls = controlCharacterErrors(value, field);
  if (controls.length > 0) {
    errors.push(...controls);
    return null;
  }
  const trimmed = value.trim();
  if (trimmed.length > FEEDBACK_TEXT_MAX) {
    errors.push({
      field,
      code: FeedbackFieldCode.TextTooLong,
      messageKey: `validation.${FeedbackFieldCode.TextTooLong}`,
      params: { max: FEEDBACK_TEXT_MAX, length: trimmed.length },
    });
  }
  return trimmed === '' ? null : trimmed;
}

/**
 * Checks an answer against the event's modules and trainers: the overall rating is required, the
 * others may be left out (a trainee may have missed a module), each given one is 1–5, and a rating
 * of something not on the form is refused. Every problem is named at once (400), nothing written.
 */
export function checkFeedbackAnswer(
  input: FeedbackAnswerInput,
  moduleIds: readonly string[],
  trainerIds: readonly string[],
): CheckedFeedbackAnswer {
  const errors: FieldError[] = [];
  const overall = rating(input.overall);
  if (overall === null) {
    errors.push({
      field: 'overall',
      code: FeedbackFieldCode.RatingRequired,
      messageKey: `validation.${FeedbackFieldCode.RatingRequired}`,
    });
  } else if (Number.isNaN(overall)) {
    errors.push({
      field: 'overall',
      code: FeedbackFieldCode.RatingInvalid,
      messageKey: `validation.${FeedbackFieldCode.RatingInvalid}`,
    });
  }
  const ratings = (values: Record<string, unknown>, allowed: readonly string[], prefix: string) => {
    const found = new Map<string, number>();
    for (const [id, value] of Object.entries(values)) {
      const field = `${prefix}.${id}`;
      if (!allowed.includes(id)) {
        errors.push({ field, code: 'whitelistValidation', messageKey: 'validation.unknown_field' });
        continue;
      }
      const given = rating(value);
      if (given === null) continue;
      if (Number.isNaN(given)) {
        errors.push({
          field,
          code: FeedbackFieldCode.RatingInvalid,
          messageKey: `validation.${FeedbackFieldCode.RatingInvalid}`,
        });
      } else found.set(id, given);
    }
    return found;
  };
  const modules = ratings(input.modules, moduleIds, 'modules');
  const trainers = ratings(input.trainers, trainerIds, 'trainers');
  const mostUseful = text(input.mostUseful, 'mostUseful', errors);
  const missing = text(input.missing, 'missing', errors);
  if (errors.length > 0) throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, errors);
  return { overall: overall as number, modules, trainers, mostUseful, missing };
}
