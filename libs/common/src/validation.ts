import { HttpStatus, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';

import { AppException, type FieldError } from './app.exception.js';
import { CommonErrorCode } from './error-codes.js';

// class-validator's rule names whose message key differs from the name.
const KEY_BY_RULE: Record<string, string> = {
  isUUID: 'isUuid',
  isISO8601: 'isIso8601',
  whitelistValidation: 'unknown_field',
  isLength: 'maxLength',
};

const KNOWN_RULES = new Set([
  'isDefined',
  'isNotEmpty',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isEmail',
  'isIn',
  'isEnum',
  'isUuid',
  'isDateString',
  'isIso8601',
  'isArray',
  'isObject',
  'minLength',
  'maxLength',
  'min',
  'max',
  'arrayMinSize',
  'arrayMaxSize',
  'matches',
  'isNumberString',
  'nestedValidation',
  'unknown_field',
]);

/** Validation errors as one AppException listing every field, each with a translatable message. */
export function toValidationException(errors: ValidationError[]): AppException {
  return new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, flatten(errors, ''));
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.keys(error.constraints ?? {}).map((rule) => fieldError(error, field, rule));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function fieldError(error: ValidationError, field: string, rule: string): FieldError {
  const key = KEY_BY_RULE[rule] ?? rule;
  return {
    field,
    code: rule,
    messageKey: `validation.${KNOWN_RULES.has(key) ? key : 'invalid'}`,
    params: ruleParams(error, rule),
  };
}

/** The numbers and lists a rule was declared with, looked up from class-validator's metadata. */
function ruleParams(error: ValidationError, rule: string): Record<string, string | number> {
  const target = error.target?.constructor;
  if (!target) return {};
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && m.name === rule);
  const [first, second] = (metadata?.constraints ?? []) as unknown[];
  switch (rule) {
    case 'min':
    case 'minLength':
    case 'arrayMinSize':
      return { min: Number(first) };
    case 'max':
    case 'maxLength':
    case 'arrayMaxSize':
      return { max: Number(first) };
    case 'isIn':
      return { values: (first as unknown[]).join(', ') };
    case 'isEnum':
      return {
        values: (Array.isArray(second) ? second : Object.values(first as object)).join(', '),
      };
    default:
      return {};
  }
}

/** The one validation pipe: strips nothing silently, refuses unknown fields, converts types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: true, value: false },
    exceptionFactory: toValidationException,
  });
}

/** A 400 for one field that passed its decorators but breaks a rule only the service can check. */
export function invalidField(field: string, code: string, params: Record<string, string | number> = {}): AppException {
  return new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, [
    { field, code, messageKey: `validation.${code}`, params },
  ]);
}
