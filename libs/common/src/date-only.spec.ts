import { isDateOnly, latestToday } from './date-only.js';

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
