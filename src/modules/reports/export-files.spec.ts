import { csvSafe } from '@cascade/common';

import { sheetName } from './export-files.js';

describe('export files', () => {
  it('keeps text that Excel would run as a formula as text in CSV, and leaves numbers alone', () => {
    expect(csvSafe('=HYPERLINK("http://evil")')).toBe(`'=HYPERLINK("http://evil")`);
    expect(csvSafe('+7')).toBe(`'+7`);
    expect(csvSafe('-1')).toBe(`'-1`);
    expect(csvSafe('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvSafe('≤5')).toBe('≤5');
    expect(csvSafe('Чүй')).toBe('Чүй');
    expect(csvSafe(-12.5)).toBe(-12.5);
    expect(csvSafe(null)).toBeNull();
  });

  it('names sheets as Excel allows: at most 31 characters, none of : \\ / ? * [ ], never twice', () => {
    const used = new Set<string>();
    expect(sheetName('Тип организации', used)).toBe('Тип организации');
    expect(sheetName('a/b:c?d*e[f]g\\h', used)).toBe('a b c d e f g h');
    const long = 'Ташкилоти соҳаи тиббӣ-судӣ ва ҳуқуқӣ';
    expect(sheetName(long, used)).toBe(long.slice(0, 31));
    expect(sheetName(long, used)).toBe(`${long.slice(0, 28)} 2`);
    expect(sheetName('тип организации', used)).toBe('тип организации 2');
  });
});
