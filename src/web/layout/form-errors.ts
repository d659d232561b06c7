import { AppException, messageKey } from '@cascade/common';
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

/** Which refusals a form shows again; the others go on to the error page. */
export interface RefusalRule {
  /** Only these statuses (default: every 4xx). */
  only?: readonly number[];
  /** Never these (e.g. 404: the page's own record is gone or out of scope). */
  except?: readonly number[];
  /** The page's name of a field the service names (default: the same). */
  field?: (field: string) => string;
}

/** A refused form: the service's error, its status and its messages by field. */
export interface FormRefusal {
  error: AppException;
  status: number;
  errors: FormErrors;
}

/**
 * The one way a page handles a refused form: a service's 4xx (as the rule says) becomes messages
 * beside the fields and the status to render the form again with (with what was typed); anything
 * else is thrown again, to the error page. Use in a catch block:
 * `const { errors, status } = formRefusal(error, locale, { except: [404] });`
 */
export function formRefusal(error: unknown, locale: Locale, rule: RefusalRule = {}): FormRefusal {
  if (!(error instanceof AppException)) throw error;
  const status = Number(error.status);
  const shown = rule.only ? rule.only.includes(status) : status >= 400 && status < 500;
  if (!shown || rule.except?.includes(status)) throw error;
  return { error, status, errors: fieldMessages(error, locale, rule.field) };
}
