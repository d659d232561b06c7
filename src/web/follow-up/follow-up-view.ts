import type { FollowUpQuestion } from '../../modules/follow-up/index.js';
import type { FormErrors } from '../layout/form-errors.js';

/** What the form sent, by question key: a checkbox group's several values come as an array. */
export function answerInput(body: unknown, questions: FollowUpQuestion[]): Record<string, unknown> {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const keys = new Set(questions.map((q) => q.key));
  return Object.fromEntries(Object.entries(fields).filter(([name]) => keys.has(name)));
}

const isText = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** The questions as the shared template shows them: each with what was typed and its errors. */
export function questionFields(questions: FollowUpQuestion[], typed: Record<string, unknown>, errors: FormErrors) {
  return questions.map((question) => {
    const value = typed[question.key];
    const values = (Array.isArray(value) ? (value as unknown[]) : [value]).filter(isText).map(String);
    return { ...question, id: `field-${question.key}`, value: values[0] ?? '', values, errors: errors[question.key] };
  });
}

/** The error summary's links, one a refused question. */
export function summaryOf(questions: FollowUpQuestion[], errors: FormErrors) {
  return questions
    .filter((q) => errors[q.key])
    .map((q) => ({ href: `#field-${q.key}`, text: `${q.text}: ${errors[q.key].join(' ')}` }));
}
