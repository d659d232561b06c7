import { SUPPORTED_LOCALES, translate } from '@cascade/i18n';

import { dateForEntry, entryDate, entryTime } from './date-entry.js';

describe('a typed date', () => {
  it.each([
    ['05.03.2027', '2027-03-05'],
    ['5.3.2027', '2027-03-05'],
    ['05/03/2027', '2027-03-05'],
    ['05-03-2027', '2027-03-05'],
    ['05 03 2027', '2027-03-05'],
    ['5. 3. 2027', '2027-03-05'],
    [' 31.12.2027 ', '2027-12-31'],
    ['05032027', '2027-03-05'],
    ['29.02.2028', '2028-02-29'],
    // What links, bookmarks and the API's examples carry.
    ['2027-03-05', '2027-03-05'],
    ['2027-3-5', '2027-03-05'],
  ])('%p is read day first as %s', (typed, iso) => {
    expect(entryDate(typed)).toBe(iso);
  });

  // Given back as typed: the DTO refuses it beside its field, in the page's language.
  it.each([
    '31.02.2027',
    '29.02.2027',
    '32.01.2027',
    '05.13.2027',
    '2027-13-01',
    '2027-02-30',
    // A two-digit year could be any century: refused.
    '05.03.27',
    '050327',
    '03/05/27',
    '2027.03.05',
    '20270305',
    'завтра',
    'soon',
    '',
  ])('%p is no date and stays as typed', (typed) => {
    expect(entryDate(typed)).toBe(typed);
  });

  it('is never read month first: 03.05.2027 is 3 May, as every locale of the app writes it', () => {
    expect(entryDate('03.05.2027')).toBe('2027-05-03');
    expect(entryDate('12/01/2027')).toBe('2027-01-12');
  });
});

describe('a date shown in its field', () => {
  it.each([
    ['2027-03-05', '05.03.2027'],
    ['5.3.2027', '05.03.2027'],
    ['2028-02-29', '29.02.2028'],
  ])('%s shows as %s', (value, shown) => {
    expect(dateForEntry(value)).toBe(shown);
  });

  it.each(['31.02.2027', 'soon', ''])('%p, refused, shows as typed', (typed) => {
    expect(dateForEntry(typed)).toBe(typed);
  });

  it('reads back as the same day', () => {
    for (const iso of ['2027-01-01', '2027-12-31', '2028-02-29']) expect(entryDate(dateForEntry(iso))).toBe(iso);
  });
});

describe('a typed time of day', () => {
  it.each([
    ['09:30', '09:30'],
    ['9:30', '09:30'],
    ['09.30', '09:30'],
    ['9.30', '09:30'],
    ['9 30', '09:30'],
    ['0930', '09:30'],
    ['930', '09:30'],
    ['9', '09:00'],
    ['14', '14:00'],
    ['0:00', '00:00'],
    ['23:59', '23:59'],
  ])('%p is %s', (typed, time) => {
    expect(entryTime(typed)).toBe(time);
  });

  it.each(['24:00', '9:75', '9:5', '9:', '12345', '9:30 PM', 'утром', ''])(
    '%p is no time and stays as typed',
    (typed) => {
      expect(entryTime(typed)).toBe(typed);
    },
  );
});

describe.each(SUPPORTED_LOCALES)('the hints in %s', (locale) => {
  it('show a date day first, by the example the parser reads, and a 24-hour time', () => {
    const date = translate(locale, 'web.date_entry.date');
    const time = translate(locale, 'web.date_entry.time');
    // The format in the language's own letters (day, month, year), then the example.
    expect(date).toMatch(/^(\p{L})\1\.(\p{L})\2\.(\p{L})\3\3\3, .+ 31\.12\.2027$/u);
    expect(entryDate('31.12.2027')).toBe('2027-12-31');
    expect(time).toMatch(/^(\p{L})\1:(\p{L})\2, .+ 14:30$/u);
    expect(entryTime('14:30')).toBe('14:30');
  });
});
