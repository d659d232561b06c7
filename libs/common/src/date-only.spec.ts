import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { IsDateOnly, isDateOnly, latestToday } from './date-only.js';

describe('isDateOnly', () => {
  it.each(['2025-05-12', '2024-02-29', '1999-12-31'])('accepts %s', (value) => {
    expect(isDateOnly(value)).toBe(true);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-5-12', '2025-05-12T10:00:00Z', '12.05.2025', '', 20250512, null])(
    'refuses %p',
    (value) => {
      expect(isDateOnly(value)).toBe(false);
    },
  );
});

describe('latestToday', () => {
  it('is the date in UTC+14: already tomorrow from 10:00 UTC', () => {
    expect(latestToday(new Date('2025-05-12T09:59:59Z'))).toBe('2025-05-12');
    expect(latestToday(new Date('2025-05-12T10:00:00Z'))).toBe('2025-05-13');
  });
});

describe('a date field', () => {
  class Period {
    @IsDateOnly()
    from!: string;
  }
  const check = async (from: unknown) => {
    const period = plainToInstance(Period, { from });
    return { from: period.from, errors: (await validate(period)).map((e) => Object.keys(e.constraints ?? {})) };
  };

  it.each([
    ['31.12.2026', '2026-12-31'],
    ['1.2.2026', '2026-02-01'],
    ['2026-12-31', '2026-12-31'],
  ])('takes %s, day first whatever the browser’s language, as %s', async (typed, stored) => {
    expect(await check(typed)).toEqual({ from: stored, errors: [] });
  });

  it.each(['31.02.2026', '12/31/2026', '2026.12.31', '31.12.26'])('refuses %s', async (typed) => {
    expect((await check(typed)).errors).toEqual([['isDateString']]);
  });
});
