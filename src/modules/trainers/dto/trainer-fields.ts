import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

import { InstructionLanguage } from '../../reference/index.js';

const trimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value;

/**
 * May be left out, but not sent as null: for a column that cannot be empty. (@IsOptional()
 * would let a null through to the database.)
 */
export const Omittable = () => ValidateIf((_, value) => value !== undefined);

/** A person's name as they write it, usually in Cyrillic. */
export const FullNameField = () => applyDecorators(Transform(trimmed), IsString(), MinLength(2), MaxLength(200));

/** Latin letters (with their accents), spaces, hyphens, apostrophes and dots only. */
export const LatinNameField = () =>
  applyDecorators(
    Transform(trimmed),
    IsString(),
    MinLength(2),
    MaxLength(200),
    Matches(/^[\p{Script=Latin}\p{M}][\p{Script=Latin}\p{M} '’.-]*$/u),
  );

/** The languages a trainer teaches in; a language named twice counts once. */
export const LanguagesField = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? [...new Set(value)] : value)),
    IsArray(),
    ArrayMaxSize(Object.values(InstructionLanguage).length),
    IsEnum(InstructionLanguage, { each: true }),
  );

export const COUNTRY_CODE = /^[A-Z]{2}$/;
export const REGION_CODE = /^[A-Z]{2}-[A-Z0-9]{1,6}$/;
