import { csvConventions, csvNumber } from './spreadsheet-csv.js';

describe('CSV for a spreadsheet in the user’s language', () => {
  it.each([
    ['en', ',', '74.9'],
    ['ru', ';', '74,9'],
    ['ky', ';', '74,9'],
    ['tg', ';', '74,9'],
    ['uk', ';', '74,9'],
  ] as const)('%s: separated by "%s", 74.9 written %s', (locale, delimiter, number) => {
    const conventions = csvConventions(locale);
    expect(conventions.delimiter).toBe(delimiter);
    expect(csvNumber(74.9, conventions)).toBe(number);
    expect(csvNumber(1500, conventions)).toBe('1500');
  });
});
