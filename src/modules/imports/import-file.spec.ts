import ExcelJS from 'exceljs';

import { cellText } from './import-cells.js';
import { openImportFile } from './import-file.js';

/** A workbook as a spreadsheet program saves it: names as plain or as formatted (rich) text. */
async function workbookOf(names: string[], plain: boolean): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Trainees');
  sheet.addRow(['Full name', 'Sex', 'Profession']);
  for (const name of names) {
    sheet.addRow([plain ? name : { richText: [{ text: name }] }, 'F', 'judge']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('reading an XLSX file', () => {
  // Several hundred kilobytes of Cyrillic, so the unpacked parts arrive in many chunks and two-byte
  // letters fall on their boundaries (exceljs decoded each chunk alone: patches/exceljs+*.patch).
  const names = Array.from(
    { length: 6_000 },
    (_, i) => `${['Өмүрзакова', 'Жумалиева', 'Сыдыкова', 'Раҳимова'][i % 4]} Айгүл Ҷамшедовна ${i}`,
  );

  it.each([
    ['plain text', true],
    ['rich text', false],
  ])('reads every Cyrillic letter of a long sheet of %s, whatever the chunk boundaries', async (_, plain) => {
    const file = await openImportFile(await workbookOf(names, plain), 'trainees.xlsx');
    const read: string[] = [];
    for await (const row of file.rows()) read.push(cellText(row.cells[0]) ?? '');
    expect(read[0]).toBe('Full name');
    expect(read.slice(1)).toEqual(names);
    expect(read.filter((name) => name.includes('\uFFFD'))).toEqual([]);
  });
});
