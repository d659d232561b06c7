import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { AppException, toValidationException } from '@cascade/common';

/**
 * A form's text fields, as the API would take them: blanks left out (an optional field not given),
 * whole numbers for the named fields. What is not a whole number stays text, so the DTO's rules
 * refuse it by field as the API does.
 */
export function formFields(
  body: unknown,
  fields: readonly string[],
  numbers: readonly string[] = [],
): { values: Record<string, unknown>; typed: Record<string, string> } {
  const source = (body ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  const typed: Record<string, string> = {};
  for (const field of fields) {
    const raw = typeof source[field] === 'string' ? source[field].trim() : '';
    typed[field] = raw;
    if (raw === '') continue;
    values[field] = numbers.includes(field) && /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
  }
  return { values, typed };
}

/**
 * The DTO of a form's values, checked by its class-validator rules exactly as the API's validation
 * pipe checks a JSON body; a refusal is the same per-field AppException (400).
 */
export async function formDto<T extends object>(type: new () => T, values: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(type, values);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: true },
  });
  if (errors.length > 0) throw toValidationException(errors);
  return dto;
}

/** A service's refusal a form can show (4xx); anything else goes on to the error page. */
export function isFormRefusal(error: unknown): error is AppException {
  return error instanceof AppException && Number(error.status) < 500;
}
