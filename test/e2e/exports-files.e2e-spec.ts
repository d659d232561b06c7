import ExcelJS from 'exceljs';

import { translate } from '@cascade/i18n';

import { asText, type Cell, parseCsv, type Row, useProgressExports } from '../support/progress-exports.js';

/** Export files: XLSX and CSV equal to the JSON report (the fixture: test/support/progress-exports.ts). */
describe('progress report exports', () => {
  const fixture = useProgressExports();
  const { names, period, storedBytes, exportFile, report } = fixture;
  let { app, country, ruOfficer, donor } = fixture;
  beforeAll(() => ({ app, country, ruOfficer, donor } = fixture));

  it("writes an officer's XLSX with one sheet per breakdown, in the officer's language, equal to the JSON report", async () => {
    const breakdowns = ['none', 'sex', 'profession'];
    const { exportId, file } = await exportFile(ruOfficer, breakdowns, 'xlsx');
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="progress-${country}-2025-01-01-2025-12-31.xlsx"`,
    );
    // Kept in the database with its row, whole.
    expect(await storedBytes(exportId)).toEqual(file.rawPayload);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      ...breakdowns.map((breakdown) => translate('ru', `enums.breakdown.${breakdown}`)),
      translate('ru', 'reports.cascade.title'),
    ]);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Без разбивки',
      'Пол',
      'Профессия',
      'Каскад обучения',
    ]);

    for (const [index, breakdown] of breakdowns.entries()) {
      const sheet = workbook.worksheets[index];
      const values = (rowNumber: number) =>
        Array.from({ length: 6 }, (_, column) => sheet.getRow(rowNumber).getCell(column + 1).value ?? null);
      expect(values(1)).toEqual([
        translate('ru', `enums.breakdown.${breakdown}`),
        'Показатель',
        'Значение',
        'Число людей',
        'Цель',
        '% от цели',
      ]);
      const rows = await report(ruOfficer, breakdown);
      expect(sheet.rowCount).toBe(rows.length + 1);
      rows.forEach((row, i) =>
        expect(values(i + 2)).toEqual([
          row.breakdownLabel,
          row.indicatorLabel,
          row.actual,
          row.n,
          row.target,
          row.percentAchieved,
        ]),
      );
    }
    const sex = workbook.worksheets[1];
    const women = sex
      .getRows(2, sex.rowCount - 1)!
      .find(
        (row) =>
          row.getCell(1).value === 'Женский' &&
          row.getCell(2).value === translate('ru', 'enums.indicator.completed_individuals'),
      );
    expect(women?.getCell(3).value).toBe(7);
  });

  it('writes a donor\'s CSV with a byte-order mark, "≤5" where the JSON report has it, and no names', async () => {
    const { file } = await exportFile(donor, ['none', 'sex'], 'csv');
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...file.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.rawPayload.toString('utf8').slice(1);
    for (const name of names) expect(text).not.toContain(name);
    const [header, ...lines] = parseCsv(text);
    expect(header).toEqual([
      'Breakdown',
      'Group',
      'Indicator',
      'Value',
      'Number of people (n)',
      'Target',
      '% of target',
    ]);

    const expected = [
      ...(await report(donor, 'none')).map((row) => ['No breakdown', row]),
      ...(await report(donor, 'sex')).map((row) => ['Sex', row]),
    ] as [string, Row][];
    // The breakdowns' rows, then the cascade's (this country has no trainers: only its totals, 0).
    const cascade = lines.slice(expected.length);
    expect(cascade).toEqual([
      ['Training cascade', 'All generations', 'Trainers', '0', '', '', ''],
      ['Training cascade', 'All generations', 'Events led or co-taught', '0', '', '', ''],
      ['Training cascade', 'All generations', 'Trainees reached', '0', '', '', ''],
      ['Training cascade', 'All generations', 'Certified at the period’s end', '0', '', '', ''],
      ['Training cascade', 'All generations', 'Multiplier (trainees reached per generation 1 trainer)', '', '', '', ''],
    ]);
    expect(lines.slice(0, expected.length)).toEqual(
      expected.map(([label, row]) => [
        label,
        asText(row.breakdownLabel),
        row.indicatorLabel,
        asText(row.actual),
        asText(row.n),
        asText(row.target),
        asText(row.percentAchieved),
      ]),
    );
    const men = lines.find(
      (line) => line[1] === 'Male' && line[2] === translate('en', 'enums.indicator.completed_individuals'),
    );
    expect(men?.[3]).toBe('≤5');
  });

  it("writes a Russian officer's CSV as a spreadsheet set to Russian reads it: semicolons and decimal commas", async () => {
    const { file } = await exportFile(ruOfficer, ['none', 'sex'], 'csv');
    expect([...file.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.rawPayload.toString('utf8').slice(1);
    const [header, ...lines] = parseCsv(text, ';');
    expect(header).toEqual(['Разбивка', 'Группа', 'Показатель', 'Значение', 'Число людей', 'Цель', '% от цели']);
    expect(lines.every((line) => line.length === 7)).toBe(true);
    const decimal = (value: Cell) => asText(value).replace('.', ',');
    const rows = await report(ruOfficer, 'none');
    expect(lines.slice(0, rows.length)).toEqual(
      rows.map((row) => [
        translate('ru', 'enums.breakdown.none'),
        asText(row.breakdownLabel),
        row.indicatorLabel,
        decimal(row.actual),
        decimal(row.n),
        decimal(row.target),
        decimal(row.percentAchieved),
      ]),
    );
    // Read with a comma, as Excel set to English would, the same file falls apart.
    expect(
      parseCsv(text, ',')
        .slice(1, 4)
        .some((line) => line.length === 7),
    ).toBe(false);
  });

  it('refuses a donor a fine breakdown at once, as the JSON report does', async () => {
    const res = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: donor,
      payload: { country, ...period, breakdowns: ['sex', 'profession'], format: 'csv' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'breakdown_not_for_donors' });
  });
});
