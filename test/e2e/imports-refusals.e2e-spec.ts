import { deflateRawSync } from 'node:zlib';

import ExcelJS from 'exceljs';

import { deflatedZeros, type ImportBody, RU_HEADER, useImportsFixture, zip } from '../support/imports-fixture.js';

/** Files an import refuses, and who may import (the fixture: test/support/imports-fixture.ts). */
describe('imports', () => {
  const suite = useImportsFixture();
  const { sql, tag, upload, commit } = suite;
  let { app, ruOfficerUser, ruOfficer, enOfficer, tjOfficer, trainer, donor, admin } = suite;
  beforeAll(() => ({ app, ruOfficerUser, ruOfficer, enOfficer, tjOfficer, trainer, donor, admin } = suite));

  describe('files that are not what they claim, or not usable', () => {
    let before: number;
    const importsOf = async () =>
      Number(
        (await sql<{ n: string }[]>('SELECT count(*) AS n FROM imports WHERE requested_by = $1', [ruOfficerUser.id]))[0]
          .n,
      );
    const refusal = async (fileName: string, content: Buffer, status = 400) => {
      const res = await upload('/imports/trainees?country=KG', ruOfficer, fileName, content);
      expect(res.statusCode).toBe(status);
      return res.json<{ code: string; message: string }>();
    };
    beforeAll(async () => {
      before = await importsOf();
    });
    afterAll(async () => {
      expect(await importsOf()).toBe(before);
    });

    const xlsxWith = async (fill: (sheet: ExcelJS.Worksheet) => void) => {
      const workbook = new ExcelJS.Workbook();
      fill(workbook.addWorksheet('Лист1'));
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };

    it('refuses a binary renamed .csv, and anything renamed .xlsx', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
      expect(await refusal('список.csv', png)).toMatchObject({
        code: 'import_not_text',
        message: expect.stringContaining('CSV'),
      });
      expect((await refusal('список.xlsx', Buffer.from('ФИО;Пол\n'))).code).toBe('import_not_xlsx');
      expect((await refusal('список.xls', Buffer.from('d0cf11e0a1b11ae1', 'hex'))).code).toBe(
        'import_xls_not_supported',
      );
      expect((await refusal('список.pdf', Buffer.from('%PDF-1.4'))).code).toBe('import_file_type_unsupported');
    });

    it('refuses a zip bomb before exceljs unpacks it', async () => {
      const small = (name: string, text: string) => ({
        name,
        data: deflateRawSync(text),
        method: 8 as const,
        size: text.length,
      });
      const bomb = zip([
        small('[Content_Types].xml', '<Types/>'),
        small('xl/workbook.xml', '<workbook/>'),
        { name: 'xl/worksheets/sheet1.xml', data: await deflatedZeros(300 * 1024 * 1024), method: 8, size: 1000 },
      ]);
      expect(bomb.length).toBeLessThan(1_000_000);
      const body = await refusal('bomb.xlsx', bomb);
      expect(body).toMatchObject({ code: 'import_archive_too_large', message: expect.stringContaining('256 МБ') });
    }, 30_000);

    it('refuses a header of a million columns', async () => {
      const header = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',');
      expect((await refusal('wide.csv', Buffer.from(`${header}\n1\n`), 413)).code).toBe('import_file_too_large');
      const wide = Array.from({ length: 200_000 }, () => 'x').join(',');
      expect(await refusal('wide.csv', Buffer.from(`${wide}\n`))).toMatchObject({ code: 'import_too_many_columns' });
    });

    it('refuses formulas, naming the cell', async () => {
      const content = await xlsxWith((sheet) => {
        sheet.addRow(RU_HEADER);
        sheet.addRow(['Осмонова Гүлнара', 'Ж', 'Судья', { formula: '1980+4', result: 1984 }, '', '', '05.03.2024']);
      });
      expect(await refusal('f.xlsx', content)).toMatchObject({
        code: 'import_formula_refused',
        message: expect.stringContaining('D2'),
      });
    });

    it('refuses an empty sheet, a header without rows, and missing required columns', async () => {
      expect((await refusal('empty.xlsx', await xlsxWith(() => undefined))).code).toBe('import_empty_file');
      expect((await refusal('empty.csv', Buffer.alloc(0))).code).toBe('import_empty_file');
      expect((await refusal('header.csv', Buffer.from(`${RU_HEADER.join(';')}\n;;;\n`))).code).toBe('import_no_rows');
      const missing = await refusal('m.csv', Buffer.from('ФИО;Пол\nОсмонова;Ж\n'));
      expect(missing).toEqual(
        expect.objectContaining({
          code: 'import_missing_columns',
          message:
            'Не хватает обязательных столбцов: «Профессия», «Дата согласия». Скачайте шаблон, чтобы увидеть ожидаемые заголовки.',
        }),
      );
    });

    it('refuses a request without a file, or not multipart', async () => {
      const res = await app.request({
        method: 'POST',
        url: '/imports/trainees?country=KG',
        headers: ruOfficer,
        payload: {},
      });
      expect(res.statusCode).toBe(415);
    });
  });

  describe('who may import', () => {
    it('refuses trainers and donors', async () => {
      for (const headers of [trainer, donor]) {
        const res = await upload('/imports/trainees?country=KG', headers, 'a.csv', Buffer.from('ФИО\n'));
        expect(res.statusCode).toBe(403);
        const template = await app.request({ method: 'GET', url: '/imports/templates/trainees?format=csv', headers });
        expect(template.statusCode).toBe(403);
      }
    });

    it('keeps officers to their countries and to their own imports', async () => {
      const outside = await upload('/imports/trainees?country=KG', tjOfficer, 'a.csv', Buffer.from('ФИО\n'));
      expect(outside.statusCode).toBe(400);
      expect(outside.json()).toMatchObject({ errors: [{ field: 'country', code: 'country_out_of_scope' }] });
      const text = `Full name,Profession,Date of consent\nAli Karimov ${tag()},judge,01.02.2025\n`;
      const mine = (
        await upload('/imports/trainees?country=KG', enOfficer, 'a.csv', Buffer.from(text))
      ).json<ImportBody>();
      expect((await app.request({ method: 'GET', url: `/imports/${mine.id}`, headers: ruOfficer })).statusCode).toBe(
        404,
      );
      expect((await commit(mine.id, ruOfficer)).statusCode).toBe(404);
      expect((await app.request({ method: 'GET', url: `/imports/${mine.id}`, headers: admin })).statusCode).toBe(200);
    });
  });
});
