import { isISO8601, ValidateBy, ValidateIf } from 'class-validator';

/**
 * A field that may be left out but, when sent, must hold a value: unlike @IsOptional(), null
 * is checked by the other rules (and refused) rather than let through to a NOT NULL column.
 */
export const Omittable = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/**
 * A calendar date, exactly YYYY-MM-DD and a day that exists. Reported under the rule name
 * `isDateString`, whose message says so; class-validator's own @IsDateString() also lets a
 * date and time through.
 */
export const IsCalendarDate = () =>
  ValidateBy({
    name: 'isDateString',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isISO8601(value, { strict: true }),
    },
  });
