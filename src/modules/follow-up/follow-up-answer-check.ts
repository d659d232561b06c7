import { HttpStatus } from '@nestjs/common';

import { AppException, CommonErrorCode, controlCharacterErrors, type FieldError } from '@cascade/common';

import { FollowUpFieldCode } from './follow-up-error-code.js';
import { COMMENT_MAX, COUNT_MAX, type FollowUpQuestion } from './follow-up-questions.js';

/** An answer as typed: each question's key with what the form (or JSON) sent for it. */
export type FollowUpAnswerInput = Record<string, unknown>;

/** A checked answer: the values by question key (the comment apart: it is kept and shown apart). */
export interface CheckedFollowUpAnswer {
  values: Record<string, number | boolean | string[]>;
  comment: string | null;
}

const refusal = (field: string, code: FollowUpFieldCode, params?: Record<string, number>): FieldError => ({
  field,
  code,
  messageKey: `validation.${code}`,
  params,
});

const blank = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Checks an answer against the questions the trainee was asked: counts (whole, 0–1000) and yes/no
 * are required, choices must be the question's own, the comment is at most 500 characters. A key
 * that is no question of theirs is refused. Every problem is named at once (400), nothing written.
 */
export function checkFollowUpAnswer(input: FollowUpAnswerInput, questions: FollowUpQuestion[]): CheckedFollowUpAnswer {
  const errors: FieldError[] = [];
  const values: CheckedFollowUpAnswer['values'] = {};
  let comment: string | null = null;
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(input)) {
    if (!known.has(key))
      errors.push({ field: key, code: 'whitelistValidation', messageKey: 'validation.unknown_field' });
  }
  for (const question of questions) {
    const value = input[question.key];
    const field = question.key;
    switch (question.kind) {
      case 'count': {
        if (blank(value)) {
          errors.push(refusal(field, FollowUpFieldCode.AnswerRequired));
          break;
        }
        const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
        if (!Number.isInteger(number) || number < 0 || number > COUNT_MAX) {
          errors.push(refusal(field, FollowUpFieldCode.CountInvalid, { max: COUNT_MAX }));
        } else values[field] = number;
        break;
      }
      case 'yes_no': {
        if (blank(value)) errors.push(refusal(field, FollowUpFieldCode.AnswerRequired));
        else if (value === true || value === 'yes') values[field] = true;
        else if (value === false || value === 'no') values[field] = false;
        else errors.push(refusal(field, FollowUpFieldCode.ChoiceInvalid));
        break;
      }
      case 'choices': {
        const given = blank(value) ? [] : Array.isArray(value) ? value : [value];
        const allowed = new Set(question.choices.map((c) => c.key));
        if (given.some((choice) => typeof choice !== 'string' || !allowed.has(choice))) {
          errors.push(refusal(field, FollowUpFieldCode.ChoiceInvalid));
        } else values[field] = [...new Set(given as string[])];
        break;
      }
      case 'text': {
        if (blank(value)) break;
        if (typeof value !== 'string') {
          errors.push(refusal(field, FollowUpFieldCode.CommentTooLong, { max: COMMENT_MAX, length: 0 }));
          break;
        }
        const controls = controlCharacterErrors(value, field);
        const trimmed = value.trim();
        if (controls.length > 0) errors.push(...controls);
        else if (trimmed.length > COMMENT_MAX) {
          errors.push(refusal(field, FollowUpFieldCode.CommentTooLong, { max: COMMENT_MAX, length: trimmed.length }));
        } else comment = trimmed === '' ? null : trimmed;
        break;
      }
    }
  }
  if (errors.length > 0) throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, errors);
  return { values, comment };
}
