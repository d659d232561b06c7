import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out but, when sent, must hold a value: unlike @IsOptional(), null
 * is checked by the other rules (and refused) rather than let through to a NOT NULL column.
 */
export const Omittable = () => ValidateIf((_: object, value: unknown) => value !== undefined);
