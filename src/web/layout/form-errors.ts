import { type AppException, messageKey } from '@cascade/common';
import { type Locale, translate } from '@cascade/i18n';

/** Translated messages by form field; `form` holds those about the form as a whole. */
export type FormErrors = Record<string, string[]>;

/**
 * A service's refusal as messages next to the fields it names (`scores.3.postScore` → the field the
 * page calls that), and its general message under `form` when it names no field.
 */
export function fieldMessages(
  error: AppException,
  locale: Locale,
  fieldName: (field: string) => string = (field) => field,
): FormErrors {
  const errors: FormErrors = {};
  for (const fieldError of error.fieldErrors) {
    const name = fieldName(fieldError.field);
    (errors[name] ??= []).push(translate(locale, fieldError.messageKey, fieldError.params));
  }
  if (error.fieldErrors.length === 0) errors.form = [translate(locale, messageKey(error.code), error.params)];
  return errors;
}
