import { RouteConfig } from '@nestjs/platform-fastify';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';

import { toValidationException } from '@cascade/common';

import { entryDate, entryTime } from './date-entry.js';

/** The hidden field every page form carries: the CSRF cookie's value (double submit). */
export const WEB_FORM_CSRF_FIELD = '_csrf';

/** Marks a page route that takes an HTML form: its hidden CSRF field stands in for the X-CSRF-Token header. */
export const WebForm = () => RouteConfig({ webForm: true });

export function isWebFormRoute(request: FastifyRequest): boolean {
  return (request.routeOptions?.config as { webForm?: boolean } | undefined)?.webForm === true;
}

/** A form body's text field, trimmed; '' when absent or not text. */
export function formText(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | null | undefined)?.[field];
  return typeof value === 'string' ? value.trim() : '';
}

/** A form's fields typed as dates (day first, date-entry.ts) and as times of day. */
export interface EntryFields {
  dates?: readonly string[];
  times?: readonly string[];
}

/**
 * A form's text fields, as the API would take them: blanks left out (an optional field not given),
 * whole numbers for the named fields, dates as YYYY-MM-DD and times as HH:MM for the fields
 * `entries` names. What is not a whole number, a date or a time stays text, so the DTO's rules
 * refuse it by field as the API does. `typed` is what to show again if the form is refused.
 */
export function formFields(
  body: unknown,
  fields: readonly string[],
  numbers: readonly string[] = [],
  entries: EntryFields = {},
): { values: Record<string, unknown>; typed: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const typed: Record<string, string> = {};
  for (const field of fields) {
    const raw = formText(body, field);
    typed[field] = raw;
    if (raw === '') continue;
    if (entries.dates?.includes(field)) values[field] = entryDate(raw);
    else if (entries.times?.includes(field)) values[field] = entryTime(raw);
    else values[field] = numbers.includes(field) && /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
  }
  return { values, typed };
}

/**
 * A number typed with either decimal mark ("72,5" as on a Russian keyboard, or "72.5"); anything
 * else stays text, so the DTO refuses it as not a number, by field.
 */
export function formDecimal(raw: string): number | string {
  const text = raw.trim();
  return /^-?\d{1,10}(?:[.,]\d{1,6})?$/.test(text) ? Number(text.replace(',', '.')) : raw;
}

/**
 * The DTO of a form's values, checked by its class-validator rules exactly as the API's validation
 * pipe checks a JSON body: the same rules and the same per-field messages. A refusal is the pipe's
 * per-field AppException (400).
 */
export async function formDto<T extends object>(
  type: ClassConstructor<T>,
  values: Record<string, unknown>,
): Promise<T> {
  const dto = plainToInstance(type, values);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: true, value: false },
  });
  if (errors.length > 0) throw toValidationException(errors);
  return dto;
}
