import { randomBytes, randomUUID } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import ExcelJS from 'exceljs';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { ExportsService } from '../../src/modules/reports/exports.service.js';
import { createCountry } from '../factories/countries.js';
import { createEvent, createSession, createTrainee, enroll } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

type Headers = Record<string, string>;
type Cell = string | number | null;

interface Row {
  breakdownLabel: string | null;
  indicatorLabel: string;
  actual: Cell;
  n: Cell;
  target: number | null;
  percentAchieved: number | null;
}

/** RFC 4180 fields: quoted ones may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const asText = (value: Cell) => (value === null ? '' : String(value));

/**
 * A country of its own with one completed event in 2025: 7 women (judges) and 3 men (prosecutors)
 * completed it, so a donor sees the men as "≤5".
 */
describe('progress report exports', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let country: string;
  let admin: Headers;
  let ruOfficer: Headers;
  let otherOfficer: Headers;
  let donor: Headers;
  const names: string[] = [];
  const period = { from: '2025-01-01', to: '2025-12-31' };

  const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);

  /** The file as the database holds it. */
  const storedBytes = async (exportId: string) =>
    (await sql<{ content: Buffer }[]>(`SELECT content FROM report_exports WHERE id = $1`, [exportId]))[0].content;

  async function waitForJob(statusUrl: string, headers: Headers) {
    for (let attempt = 0; attempt < 150; attempt++) {
      const res = await app.request({ method: 'GET', url: statusUrl, headers });
      const body = res.json<{
        state: string;
        result: { exportId: string; downloadUrl: string };
        failedReason: string;
      }>();
      if (body.state === 'completed' || body.state === 'failed') return body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const last = await app.request({ method: 'GET', url: statusUrl, headers });
    throw new Error(`job ${statusUrl} did not finish in 15 s: ${last.body}`);
  }

  /** Starts an export, waits for the worker, and downloads the file. */
  async function exportFile(headers: Headers, breakdowns: string[], format: 'csv' | 'xlsx') {
    const started = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers,
      payload: { country, ...period, breakdowns, format },
    });
    expect(started.statusCode).toBe(202);
    const { queue, statusUrl } = started.json();
    expect(queue).toBe('exports');
    const job = await waitForJob(statusUrl, headers);
    expect(job).toMatchObject({ state: 'completed' });
    const { exportId, downloadUrl } = job.result;
    expect(downloadUrl).toBe(`/reports/exports/${exportId}`);
    const file = await app.request({ method: 'GET', url: downloadUrl, headers });
    expect(file.statusCode).toBe(200);
    return { exportId, downloadUrl, file };
  }

  const report = async (headers: Headers, breakdown: string) => {
    const res = await app.request({
      method: 'GET',
      url: `/reports/progress?country=${country}&from=${period.from}&to=${period.to}&breakdown=${breakdown}`,
      headers,
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ rows: Row[] }>().rows;
  };

  beforeAll(async () => {
    const config = testConfig();
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    country = await createCountry(app.dataSource, 'X', {
      en: 'Exportland',
      ru: 'Экспортия',
      ky: 'Экспорт',
      tg: 'Экспорт',
      uk: 'Експортія',
    });
    const token = async (role: Role, countries: string[], locale = 'en') =>
      bearer((await signIn(app, await createUser(app.dataSource, { role, countries, locale }))).accessToken);
    admin = await token(Role.Admin, []);
    ruOfficer = await token(Role.ProgramOfficer, [country], 'ru');
    otherOfficer = await token(Role.ProgramOfficer, [country]);
    donor = await token(Role.Donor, [country]);

    const event = await createEvent(app.dataSource, {
      countryCode: country,
      startDate: '2025-05-12',
      endDate: '2025-05-14',
      status: EventStatus.Completed,
    });
    await createSession(app.dataSource, event, { date: '2025-05-12' });
    const people: [string, string][] = [
      ...Array.from({ length: 7 }, (): [string, string] => ['female', 'judge']),
      ...Array.from({ length: 3 }, (): [string, string] => ['male', 'prosecutor']),
    ];
    for (const [sex, profession] of people) {
      const fullName = `Экспортова ${randomUUID().slice(0, 8)}`;
      names.push(fullName);
      const trainee = await createTrainee(app.dataSource, { countryCode: country, fullName, sex, profession });
      const enrollment = await enroll(app.dataSource, event, trainee);
      await sql(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [enrollment]);
    }
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

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
        'Число людей (n)',
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

  it('shows an export to its requester and admins only, and answers 410 once it has expired', async () => {
    const { exportId, downloadUrl } = await exportFile(ruOfficer, ['year'], 'csv');
    const other = await app.request({ method: 'GET', url: downloadUrl, headers: otherOfficer });
    expect(other.statusCode).toBe(404);
    const byDonor = await app.request({ method: 'GET', url: downloadUrl, headers: donor });
    expect(byDonor.statusCode).toBe(404);
    const byAdmin = await app.request({ method: 'GET', url: downloadUrl, headers: admin });
    expect(byAdmin.statusCode).toBe(200);
    const unknown = await app.request({ method: 'GET', url: `/reports/exports/${randomUUID()}`, headers: admin });
    expect(unknown.statusCode).toBe(404);

    await sql(`UPDATE report_exports SET expires_at = now() - interval '1 day' WHERE id = $1`, [exportId]);
    const gone = await app.request({ method: 'GET', url: downloadUrl, headers: ruOfficer });
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ code: 'export_expired' });
    expect(gone.json().message).toMatch(/[а-я]/);
    // Its file is deleted; the row stays to keep answering 410.
    const [row] = await sql<{ content: Buffer | null }[]>(`SELECT content FROM report_exports WHERE id = $1`, [
      exportId,
    ]);
    expect(row.content).toBeNull();
    expect((await app.request({ method: 'GET', url: downloadUrl, headers: ruOfficer })).statusCode).toBe(410);
  });

  it('streams a file larger than one read from the database whole, byte for byte', async () => {
    const { exportId, downloadUrl } = await exportFile(ruOfficer, ['none'], 'csv');
    // Past what one query reads (512 KiB), not a multiple of it: three slices, the last one short.
    const big = randomBytes(1024 * 1024 + 12_345);
    await sql(`UPDATE report_exports SET content = $2, size = $3 WHERE id = $1`, [exportId, big, big.length]);
    const file = await app.request({ method: 'GET', url: downloadUrl, headers: ruOfficer });
    expect(file.statusCode).toBe(200);
    expect(Number(file.headers['content-length'])).toBe(big.length);
    expect(file.rawPayload.equals(big)).toBe(true);
  });

  it('computes the report as the requester is when the job runs, not as they were when they asked', async () => {
    // An officer asked for a profession breakdown, then became a donor before the worker ran.
    const user = await createUser(app.dataSource, { role: Role.Donor, countries: [country] });
    const exports = worker.get(ExportsService);
    const payload = {
      requestedBy: user.id,
      requestedAt: new Date().toISOString(),
      country,
      ...period,
      format: 'csv' as const,
      locale: 'en',
    };
    await expect(exports.run(`test-${randomUUID()}`, { ...payload, breakdowns: ['profession'] })).rejects.toThrow(
      UnrecoverableError,
    );

    const jobId = `test-${randomUUID()}`;
    const result = await exports.run(jobId, { ...payload, breakdowns: ['sex'] });
    const text = (await storedBytes(result.exportId)).toString('utf8');
    const men = parseCsv(text.slice(1)).find(
      (line) => line[1] === 'Male' && line[2] === translate('en', 'enums.indicator.completed_individuals'),
    );
    expect(men?.[3]).toBe('≤5');
    // Run again (a retry): the same export, not a second file.
    expect(await exports.run(jobId, { ...payload, breakdowns: ['sex'] })).toEqual(result);
    const rows = await sql<unknown[]>(`SELECT id FROM report_exports WHERE job_id = $1`, [jobId]);
    expect(rows).toHaveLength(1);
  });

  it('answers 400 per field for what is not valid', async () => {
    const empty = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const fields = (empty.json().errors as { field: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['country', 'from', 'to', 'breakdowns', 'format']));

    const wrong = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: { country, ...period, breakdowns: ['sex', 'sex', 'shoe_size'], format: 'docx' },
    });
    expect(wrong.statusCode).toBe(400);
    const codes = wrong.json().errors as { field: string; code: string }[];
    expect(codes.map((error) => error.field)).toEqual(expect.arrayContaining(['breakdowns', 'format']));

    const tooMany = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: { country, ...period, breakdowns: [], format: 'csv' },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors).toEqual([
      { field: 'breakdowns', code: 'arrayMinSize', message: 'must contain at least 1 items.' },
    ]);

    const reversed = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: { country, from: '2025-12-31', to: '2025-01-01', breakdowns: ['none'], format: 'csv' },
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors).toEqual([expect.objectContaining({ field: 'to', code: 'period_reversed' })]);

    const outOfScope = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: otherOfficer,
      payload: { country: 'KG', ...period, breakdowns: ['none'], format: 'xlsx' },
    });
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.json().errors).toEqual([
      expect.objectContaining({ field: 'country', code: 'country_out_of_scope' }),
    ]);
  });
});
