import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsInt, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';

/** The earliest birth year accepted; the latest is the current year, checked by the service. */
export const MIN_BIRTH_YEAR = 1930;

const oneLine = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value;

/** A name as written, in any script: trimmed, inner spaces collapsed, no control characters. */
export const PersonNameField = () =>
  applyDecorators(Transform(oneLine), IsString(), MinLength(2), MaxLength(200), Matches(/^\P{Cc}*$/u));

/** A phone number as typed ("+996 (555) 12-34-56"), kept as `+` and digits: +996555123456. */
export const PhoneField = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/[\s().-]/g, '') : value)),
    IsString(),
    MaxLength(20),
    Matches(/^\+[1-9]\d{5,18}$/),
  );

export const ContactEmailField = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsString(),
    MaxLength(254),
    IsEmail({ require_tld: true, allow_ip_domain: false }),
  );

export const BirthYearField = () => applyDecorators(IsInt(), Min(MIN_BIRTH_YEAR));

export const COUNTRY_CODE = /^[A-Z]{2}$/;
export const REGION_CODE = /^[A-Z]{2}-[A-Z0-9]{1,6}$/;
