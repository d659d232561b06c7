import { type ArgumentMetadata, HttpStatus, ValidationPipe } from '@nestjs/common';
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
  'isClockTime',
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
  'control_characters',
]);

/**
 * Validation errors as one AppException listing every field, each with one translatable message:
 * the first rule that fails in KNOWN_RULES' order (missing, then of the wrong kind, then out of
 * range), so a person reads what to do first rather than three rules at once.
 */
export function toValidationException(errors: ValidationError[]): AppException {
  return new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, flatten(errors, ''));
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const rule = firstRule(Object.keys(error.constraints ?? {}));
    const own = rule === undefined ? [] : [fieldError(error, field, rule)];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const RULE_ORDER = [...KNOWN_RULES];

function firstRule(rules: string[]): string | undefined {
  const rank = (rule: string) => {
    const index = RULE_ORDER.indexOf(KEY_BY_RULE[rule] ?? rule);
    return index === -1 ? RULE_ORDER.length : index;
  };
  return [...rules].sort((a, b) => rank(a) - rank(b))[0];
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
      return { min: Number(first) };
    case 'max':
      return { max: Number(first) };
    // Counts of characters or entries: `count` picks the text's plural form.
    case 'minLength':
    case 'arrayMinSize':
    case 'maxLength':
    case 'arrayMaxSize':
      return { count: Number(first) };
    case 'isLength':
      return { count: Number(second ?? first) };
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

/**
 * C0 controls but tab, line feed and carriage return (which multi-line text such as notes needs),
 * DEL, and the C1 controls. NUL is refused by PostgreSQL itself; the others reach no one's screen
 * intact (they garble CSV, PDF and log lines), so no text field of the API takes them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Every text value at any depth of a request's body, query or path parameter holding a control character. */
export function controlCharacterErrors(value: unknown, field: string): FieldError[] {
  const found: FieldError[] = [];
  const visit = (node: unknown, path: string, depth: number) => {
    if (typeof node === 'string') {
      if (CONTROL_CHARACTER.test(node)) {
        found.push({
          field: path,
          code: 'control_characters',
          messageKey: 'validation.control_characters',
          params: {},
        });
      }
    } else if (node !== null && typeof node === 'object' && depth < MAX_DEPTH) {
      for (const [key, child] of Object.entries(node)) {
        if (CONTROL_CHARACTER.test(key)) {
          found.push({
            field: path ? `${path}.${key}` : key,
            code: 'control_characters',
            messageKey: 'validation.control_characters',
            params: {},
          });
        }
        visit(child, path ? `${path}.${key}` : key, depth + 1);
      }
    }
  };
  visit(value, field, 0);
  return found;
}

/** Deeper than any request the API takes; a body nested past it is refused before it is walked. */
const MAX_DEPTH = 32;

function depthOf(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, limit - 1));
  return deepest + 1;
}

/**
 * A whole body read as an object: a DTO class, or a web form's `Record<string, unknown>` (which
 * reflects as `Object`). A handler asking for an array, a primitive or one field of the body is
 * left alone.
 */
function expectsObjectBody(metadata: ArgumentMetadata): boolean {
  const { metatype } = metadata;
  return (
    metadata.type === 'body' &&
    metadata.data === undefined &&
    typeof metatype === 'function' &&
    ![String, Boolean, Number, Array].includes(metatype as never)
  );
}

/**
 * Keys of a body or query that name something of the DTO's class rather than a field: a getter
 * (`?offset=` of a page query), a method, `toString`. class-transformer would assign them onto
 * the instance, which throws for a getter (a 500) and replaces a method, before the whitelist
 * could refuse them as unknown.
 */
function keysShadowingTheClass(value: unknown, metadata: ArgumentMetadata): string[] {
  const { metatype } = metadata;
  if (value === null || typeof value !== 'object' || typeof metatype !== 'function' || metadata.data !== undefined) {
    return [];
  }
  const prototype = metatype.prototype as object | undefined;
  if (!prototype || [String, Boolean, Number, Array, Object].includes(metatype as never)) return [];
  return Object.keys(value).filter((key) => key in prototype);
}

/**
 * The one validation pipe: strips nothing silently, refuses unknown fields, converts types.
 * Before class-validator sees a request it also refuses, for every route at once, a body that is
 * not a JSON object where a DTO is expected (an array, a string, a number, null), nesting deeper
 * than any request needs, and control characters in any text of the body, query or path.
 */
export class CascadeValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: true, value: false },
      exceptionFactory: toValidationException,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    if (expectsObjectBody(metadata)) {
      // No body at all reads as an empty form (its required fields are then named as missing).
      if (value === undefined) value = {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.BodyNotObject);
      }
    }
    if (depthOf(value, MAX_DEPTH) > MAX_DEPTH) {
      throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.NestedTooDeep, { count: MAX_DEPTH });
    }
    const shadowing = keysShadowingTheClass(value, metadata);
    if (shadowing.length > 0) {
      throw new AppException(
        HttpStatus.BAD_REQUEST,
        CommonErrorCode.ValidationFailed,
        {},
        shadowing.map((field) => ({ field, code: 'whitelistValidation', messageKey: 'validation.unknown_field' })),
      );
    }
    const controls = controlCharacterErrors(value, metadata.data ?? '');
    if (controls.length > 0) {
      throw new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, controls);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new CascadeValidationPipe();
}

/** A 400 for one field that passed its decorators but breaks a rule only the service can check. */
export function invalidField(field: string, code: string, params: Record<string, string | number> = {}): AppException {
  return new AppException(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, {}, [
    { field, code, messageKey: `validation.${code}`, params },
  ]);
}
