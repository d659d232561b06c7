import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD, no time or zone, as a PostgreSQL `date` holds it; 2025-02-30 is not one. */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_ONLY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const LOCALE_ORDER = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/;

/**
 * A date typed in the order every locale of the app writes it (31.12.2026, day first, as in
 * Russian, Kyrgyz, Tajik and Ukrainian), whatever the browser's language, as YYYY-MM-DD; any other
 * text as it is (YYYY-MM-DD passes through, the rest is refused by the rule).
 */
export function dateFromLocaleOrder(value: unknown): unknown {
  const match = typeof value === 'string' ? LOCALE_ORDER.exec(value) : null;
  if (!match) return value;
  const [, day, month, year] = match;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * Validates a date-only field, taking dd.mm.yyyy as well (dateFromLocaleOrder). Reported under the rule name `isDateString`, whose message
 * ("must be a date in the form YYYY-MM-DD") says exactly this; class-validator's own
 * @IsDateString() also lets a time and a zone through.
 */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  const fromLocaleOrder = Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map(dateFromLocaleOrder) : dateFromLocaleOrder(value),
  );
  return (target, propertyName) => {
    fromLocaleOrder(target, propertyName);
    registerDecorator({
      name: 'isDateString',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: isDateOnly, defaultMessage: () => '$property must be a date in the form YYYY-MM-DD' },
    });
  };
}

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A time of day, 24-hour HH:MM (a session's start and end at the venue). Reported under its own
 * rule, whose message shows the form with an example: "matches" would only say the form is wrong.
 */
export function IsClockTime(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isClockTime',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && CLOCK_TIME.test(value),
        defaultMessage: () => '$property must be a time of day as HH:MM',
      },
    });
}

/**
 * Today's date where it is latest on Earth (UTC+14). A date "not in the future" is checked
 * against it, so a user in Bishkek (UTC+6) just after midnight is not told their today is tomorrow.
 */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}
