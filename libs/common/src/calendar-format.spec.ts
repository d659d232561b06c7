import { formatDate, formatDateRange, formatMonth, formatNumber } from './calendar-format.js';

/** ICU's thin and no-break spaces read as plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u2009\u202f]/g, ' ');

describe('dates in the page’s language', () => {
  it.each([
    ['en', 'April 20, 2026', 'December 1 – 2, 2026'],
    ['ru', '20 апреля 2026 г.', '1–2 декабря 2026 г.'],
    ['uk', '20 квітня 2026 р.', '1–2 грудня 2026 р.'],
    ['ky', '20-апрель 2026-ж.', '1–2-декабрь 2026-ж.'],
    ['tg', '20 апрели 2026', '1–2 декабри 2026'],
  ] as const)('%s: one format for a date and a range', (locale, date, range) => {
    expect(plain(formatDate(locale, '2026-04-20'))).toBe(date);
    expect(plain(formatDateRange(locale, '2026-12-01', '2026-12-02'))).toBe(range);
  });

  it('writes Kyrgyz and Tajik ranges over two months and two years in the language’s order', () => {
    expect(formatDateRange('tg', '2026-11-30', '2026-12-02')).toBe('30 ноябри – 2 декабри 2026');
    expect(formatDateRange('ky', '2026-11-30', '2026-12-02')).toBe('30-ноябрь – 2-декабрь 2026-ж.');
    expect(formatDateRange('tg', '2026-12-30', '2027-01-02')).toBe('30 декабри 2026 – 2 январи 2027');
    expect(formatDate('tg', new Date('2026-05-09T23:30:00Z'))).toBe('9 майи 2026');
  });

  it('names a calendar’s month', () => {
    expect(formatMonth('ky', '2026-12')).toBe('Декабрь 2026-ж.');
    expect(formatMonth('tg', '2026-12')).toBe('Декабр 2026');
    expect(formatMonth('ru', '2026-12')).toBe('декабрь 2026 г.');
  });

  it('writes numbers with the locale’s decimal mark and grouping', () => {
    expect(formatNumber('en', 1234.567)).toBe('1,234.57');
    expect(formatNumber('ru', 74.9)).toBe('74,9');
    expect(plain(formatNumber('tg', 1234.5))).toBe('1 234,5');
  });
});
