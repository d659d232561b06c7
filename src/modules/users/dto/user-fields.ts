import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/**
 * An email address, trimmed and lower-cased. Printable ASCII only: a Cyrillic "а" in place of
 * a Latin "a" would otherwise make a second account that looks like the first.
 */
export const EmailField = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsString(),
    MaxLength(254),
    Matches(/^[\x21-\x7e]+$/),
    IsEmail({ allow_utf8_local_part: false, require_tld: true, allow_ip_domain: false }),
  );

export const DisplayNameField = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value,
    ),
    IsString(),
    MinLength(1),
    MaxLength(120),
  );
