import { randomUUID } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';

import { Role } from '@cascade/auth';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { donorCount } from '../../src/modules/reports/suppression.js';
import { createCountry } from '../factories/countries.js';
import { createEvent, createTrainee, createTrainer, enroll } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { awaitJob } from '../support/jobs.js';
import { parseCsv } from '../support/progress-exports.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';
import { Visitor } from '../support/web.js';

type Headers = Record<string, string>;
type Value = number | string | null;
interface Row {
  indicator: string;
  indicatorLabel: string;
  total: boolean;
  breakdownValue: string | null;
  actual: Value;
  n: Value;
  suppressed: boolean;
}

const STATES = ['valid_certificates', 'certified_trainers'];
const QUARTER_ENDS = ['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31'];

/**
 * Valid certificates and certified trainers at the end of each period, in a country of its own:
 *
 * - E0 ended 2024-11-10: two women, certificates issued 2024-11-12.
 * - E1 ended 2025-02-20: 8 women (F1–F8) and 6 men (M1–M6), certificates issued 2025-02-25; F1–F3's
 *   expire on 2025-05-10, F8's is revoked, M1's and M2's are renewed on 2025-08-01 by the
 *   certificates of the refresher E2 (ended 2025-07-30).
 *   Valid: 2 at the end of 2024; 15 at the end of Q1 2025, 12 at Q2's, Q3's (the renewed two count
 *   once) and Q4's.
 * - Trainers (one required step): T1–T6 passed it on 2025-01-15, T7 on 2025-05-01, T8 was asked to
 *   repeat it on 2025-03-01 and passed on 2025-10-01; T6 failed it again on 2025-08-15. T1–T3 and
 *   T7 are women. Certified: 0 at the end of 2024; 6, 7, 6, 7 at the quarters' ends of 2025.
 */
describe('progress report: valid certificates and certified trainers at the period’s end', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let country: string;
  let officer: Headers;
  let donor: Headers;
  let donorUser: TestUser;
  let officerUser: TestUser;
  const trainers: string[] = [];
  const names: string[] = [];

  const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);

  beforeAll(async () => {
    const config = testConfig();
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    country = await createCountry(app.dataSource, 'S', {
      en: 'Stateland',
      ru: 'Статия',
      ky: 'Стат өлкөсү',
      tg: 'Статистон',
      uk: 'Статія',
    });
    officerUser = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country] });
    officer = bearer((await signIn(app, officerUser)).accessToken);
    donorUser = await createUser(app.dataSource, { role: Role.Donor, countries: [country] });
    donor = bearer((await signIn(app, donorUser)).accessToken);

    const event = (endDate: string) =>
      createEvent(app.dataSource, { countryCode: country, startDate: endDate, endDate, status: EventStatus.Completed });
    const person = async (label: string, sex: string) => {
      const fullName = `Статова ${label} ${randomUUID().slice(0, 6)}`;
      names.push(fullName);
      return createTrainee(app.dataSource, { countryCode: country, fullName, sex });
    };
    const certify = async (eventId: string, traineeId: string, issuedAt: string) => {
      const enrollment = await enroll(app.dataSource, eventId, traineeId);
      await sql(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [enrollment]);
      const [{ id }] = await sql<{ id: string }[]>(
        `INSERT INTO certificates (code, enrollment_id, issued_at, locale, pdf) VALUES ($1, $2, $3, 'ru', '\\x00') RETURNING id`,
        [randomUUID().replace(/-/g, '').slice(0, 26), enrollment, issuedAt],
      );
      return id;
    };

    const E0 = await event('2024-11-10');
    for (const label of ['A1', 'A2']) await certify(E0, await person(label, 'female'), '2024-11-12T09:00:00Z');
    const E1 = await event('2025-02-20');
    const E2 = await event('2025-07-30');
    const issued: Record<string, { trainee: string; certificate: string }> = {};
    for (const [label, sex] of [
      ...Array.from({ length: 8 }, (_, i) => [`F${i + 1}`, 'female']),
      ...Array.from({ length: 6 }, (_, i) => [`M${i + 1}`, 'male']),
    ]) {
      const trainee = await person(label, sex);
      issued[label] = { trainee, certificate: await certify(E1, trainee, '2025-02-25T09:00:00Z') };
    }
    for (const label of ['F1', 'F2', 'F3']) {
      await sql(`UPDATE certificates SET expires_at = '2025-05-10T00:00:00Z' WHERE id = $1`, [
        issued[label].certificate,
      ]);
    }
    await sql(`UPDATE certificates SET revoked_at = '2025-04-01T10:00:00Z', revoked_reason = 'test' WHERE id = $1`, [
      issued.F8.certificate,
    ]);
    for (const label of ['M1', 'M2']) {
      const renewal = await certify(E2, issued[label].trainee, '2025-08-01T09:00:00Z');
      await sql(`UPDATE certificates SET renewed_at = '2025-08-01T09:00:00Z', renewed_by_id = $2 WHERE id = $1`, [
        issued[label].certificate,
        renewal,
      ]);
    }

    await sql(
      `WITH program AS (INSERT INTO certification_programs (country_code, lapse_months) VALUES ($1, 12) RETURNING country_code)
       INSERT INTO certification_requirements (country_code, code, titles, position)
       SELECT country_code, 'observed', '{"en":"Pass an observation","ru":"Наблюдение","ky":"Байкоо","tg":"Мушоҳида","uk":"Спостереження"}', 1 FROM program`,
      [country],
    );
    for (let i = 1; i <= 8; i++) {
      const id = await createTrainer(app.dataSource, { countryCode: country });
      await sql(`UPDATE trainers SET sex = $1 WHERE id = $2`, [[1, 2, 3, 7].includes(i) ? 'female' : 'male', id]);
      trainers.push(id);
    }
    const evaluate = async (index: number, state: string, effectiveOn: string) => {
      const res = await app.request({
        method: 'PUT',
        url: `/trainers/${trainers[index - 1]}/requirements/observed`,
        headers: officer,
        payload: { state, effectiveOn },
      });
      expect(res.statusCode).toBe(200);
    };
    for (const index of [1, 2, 3, 4, 5, 6]) await evaluate(index, 'passed', '2025-01-15');
    await evaluate(7, 'passed', '2025-05-01');
    await evaluate(8, 'repeat_requested', '2025-03-01');
    await evaluate(8, 'passed', '2025-10-01');
    await evaluate(6, 'failed', '2025-08-15');
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  const rowsOf = async (headers: Headers, query: string) => {
    const res = await app.request({ method: 'GET', url: `/reports/progress?country=${country}&${query}`, headers });
    expect(res.statusCode).toBe(200);
    return res.json<{ rows: Row[] }>().rows.filter((row) => STATES.includes(row.indicator));
  };
  /** indicator → cell ('total' for the unbroken row) → actual. */
  const table = (rows: Row[]) => {
    const result: Record<string, Record<string, Value>> = {};
    for (const row of rows) {
      result[row.indicator] ??= {};
      result[row.indicator][row.total ? 'total' : String(row.breakdownValue)] = row.actual;
    }
    return result;
  };

  /**
   * The certificates valid at the end of `day`, counted from the tables by a rule written out here
   * (not the report's SQL): issued before the next midnight UTC, never revoked, and neither expired
   * nor renewed before it. By the trainee's sex when asked.
   */
  async function validCertificatesAt(day: string, sex?: string): Promise<number> {
    const rows = await sql<
      { issued: Date; expires: Date | null; renewed: Date | null; revoked: Date | null; sex: string }[]
    >(
      `SELECT c.issued_at AS issued, c.expires_at AS expires, c.renewed_at AS renewed, c.revoked_at AS revoked, t.sex
         FROM certificates c JOIN enrollments en ON en.id = c.enrollment_id
         JOIN trainees t ON t.id = en.trainee_id JOIN training_events e ON e.id = en.event_id
        WHERE e.country_code = $1`,
      [country],
    );
    const end = new Date(`${day}T00:00:00Z`).getTime() + 86_400_000;
    return rows.filter(
      (row) =>
        row.revoked === null &&
        row.issued.getTime() < end &&
        (row.expires === null || row.expires.getTime() >= end) &&
        (row.renewed === null || row.renewed.getTime() >= end) &&
        (sex === undefined || row.sex === sex),
    ).length;
  }

  /** The trainers certified on `day`, each asked through the API's own certification read. */
  async function certifiedTrainersOn(day: string): Promise<number> {
    let certified = 0;
    for (const id of trainers) {
      const res = await app.request({
        method: 'GET',
        url: `/trainers/${id}/certification?on=${day}`,
        headers: officer,
      });
      expect(res.statusCode).toBe(200);
      if (res.json<{ certified: boolean }>().certified) certified++;
    }
    return certified;
  }

  it('gives the officer each quarter’s end and the period’s end, equal to an independent count', async () => {
    const quarters = table(await rowsOf(officer, 'from=2025-01-01&to=2025-12-31&breakdown=quarter'));
    expect(quarters).toEqual({
      valid_certificates: { total: 12, '2025-Q1': 15, '2025-Q2': 12, '2025-Q3': 12, '2025-Q4': 12 },
      certified_trainers: { total: 7, '2025-Q1': 6, '2025-Q2': 7, '2025-Q3': 6, '2025-Q4': 7 },
    });
    for (const [index, day] of QUARTER_ENDS.entries()) {
      const key = `2025-Q${index + 1}`;
      expect([key, quarters.valid_certificates[key]]).toEqual([key, await validCertificatesAt(day)]);
      expect([key, quarters.certified_trainers[key]]).toEqual([key, await certifiedTrainersOn(day)]);
    }

    // Years: each year's end; a period ending mid-quarter reads its own last day.
    const years = table(await rowsOf(officer, 'from=2024-01-01&to=2025-12-31&breakdown=year'));
    expect(years.valid_certificates).toEqual({ total: 12, '2024': 2, '2025': 12 });
    expect(years.certified_trainers).toEqual({ total: 7, '2024': 0, '2025': 7 });
    const spring = table(await rowsOf(officer, 'from=2025-01-01&to=2025-05-09'));
    expect(spring.valid_certificates.total).toBe(await validCertificatesAt('2025-05-09'));
    expect(spring.valid_certificates.total).toBe(15);

    // By sex: the trainee's for certificates, the trainer's for trainers.
    const bySex = table(await rowsOf(officer, 'from=2025-01-01&to=2025-12-31&breakdown=sex'));
    expect(bySex.valid_certificates).toMatchObject({
      total: 12,
      female: await validCertificatesAt('2025-12-31', 'female'),
      male: await validCertificatesAt('2025-12-31', 'male'),
    });
    expect(bySex.valid_certificates).toMatchObject({ female: 6, male: 6, not_recorded: 0 });
    expect(bySex.certified_trainers).toEqual({ total: 7, female: 4, male: 3, not_recorded: 0 });
    // A certification belongs to no event, so no region.
    const byRegion = await rowsOf(officer, 'from=2025-01-01&to=2025-12-31&breakdown=region');
    expect(byRegion.filter((row) => row.indicator === 'certified_trainers')).toHaveLength(1);
  });

  it('gives a donor the same figures through the disclosure rule only, without anybody behind them', async () => {
    for (const breakdown of ['none', 'quarter', 'sex']) {
      const query = `from=2025-01-01&to=2025-12-31&breakdown=${breakdown}`;
      const exact = await rowsOf(officer, query);
      const shown = await rowsOf(donor, query);
      expect(shown).toHaveLength(exact.length);
      for (const [index, row] of shown.entries()) {
        expect(row.actual).toBe(donorCount(Number(exact[index].actual), 5));
        expect(row.suppressed).toBe(typeof row.actual === 'string');
      }
    }
    const quarters = table(await rowsOf(donor, 'from=2025-01-01&to=2025-12-31&breakdown=quarter'));
    expect(quarters.valid_certificates).toEqual({
      total: 10,
      '2025-Q1': 20,
      '2025-Q2': 10,
      '2025-Q3': 10,
      '2025-Q4': 10,
    });
    expect(quarters.certified_trainers).toEqual({
      total: 10,
      '2025-Q1': 10,
      '2025-Q2': 10,
      '2025-Q3': 10,
      '2025-Q4': 10,
    });
    const bySex = table(await rowsOf(donor, 'from=2025-01-01&to=2025-12-31&breakdown=sex'));
    expect(bySex.certified_trainers).toEqual({ total: 10, female: '≤5', male: '≤5', not_recorded: 0 });

    // Aggregates only: no trainee, trainer or certificate behind a figure reaches the donor.
    const whole = await app.request({
      method: 'GET',
      url: `/reports/progress?country=${country}&from=2025-01-01&to=2025-12-31&breakdown=sex`,
      headers: donor,
    });
    for (const name of names) expect(whole.body).not.toContain(name);
    for (const id of trainers) expect(whole.body).not.toContain(id);
    const certification = await app.request({
      method: 'GET',
      url: `/trainers/${trainers[0]}/certification`,
      headers: donor,
    });
    expect(certification.statusCode).toBe(403);
    // Nor any period but the fixed ones.
    expect(
      (
        await app.request({
          method: 'GET',
          url: `/reports/progress?country=${country}&from=2025-01-01&to=2025-05-09`,
          headers: donor,
        })
      ).statusCode,
    ).toBe(400);
  });

  async function exportOf(headers: Headers, format: 'csv' | 'xlsx' | 'pdf', breakdowns: string[]) {
    const started = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers,
      payload: { country, from: '2025-01-01', to: '2025-12-31', breakdowns, format },
    });
    expect(started.statusCode).toBe(202);
    const job = await awaitJob<{ state: string; result: { downloadUrl: string } }>(
      app,
      started.json().statusUrl,
      headers,
      15,
    );
    expect(job).toMatchObject({ state: 'completed' });
    const file = await app.request({ method: 'GET', url: job.result.downloadUrl, headers });
    expect(file.statusCode).toBe(200);
    return file;
  }

  it('writes the figures into the CSV exactly for an officer and into the XLSX as shown to a donor', async () => {
    const csv = parseCsv((await exportOf(officer, 'csv', ['none', 'quarter'])).body.replace(/^\uFEFF/, ''));
    const line = (group: string, label: string) => csv.find((row) => row[1] === group && row[2] === label)?.[3];
    expect(line('', 'Valid certificates at the period’s end')).toBe('12');
    expect(line('2025-Q1', 'Valid certificates at the period’s end')).toBe('15');
    expect(line('2025-Q2', 'Certified trainers at the period’s end')).toBe('7');
    expect(line('All generations', 'Certified at the period’s end')).toBeDefined();

    const workbook = new ExcelJS.Workbook();
    const xlsx = await exportOf(donor, 'xlsx', ['none', 'sex']);
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values: [string, unknown][] = [];
    workbook.worksheets[1].eachRow((row) =>
      values.push([`${row.getCell(1).text}|${row.getCell(2).text}`, row.getCell(3).value]),
    );
    expect(values).toEqual(
      expect.arrayContaining([
        ['|Certified trainers at the period’s end', 10],
        ['Female|Certified trainers at the period’s end', '≤5'],
        ['Male|Valid certificates at the period’s end', 10],
      ]),
    );
    for (const name of names) expect(xlsx.rawPayload.toString('latin1')).not.toContain(name);
  });

  it('shows them on the officer’s report page and, suppressed, on the donor’s', async () => {
    const asOfficer = new Visitor(app, 'en');
    await asOfficer.signIn(officerUser.email, officerUser.password);
    const page = await asOfficer.get(`/progress?country=${country}&from=2025-01-01&to=2025-12-31&breakdown=quarter`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /Valid certificates at the period’s end<\/th>\s*<td>Total<\/td>\s*<td class="num">12<\/td>/,
    );
    expect(page.body).toMatch(
      /Certified trainers at the period’s end<\/th>\s*<td>2025-Q3<\/td>\s*<td class="num">6<\/td>/,
    );

    const asDonor = new Visitor(app, 'en');
    await asDonor.signIn(donorUser.email, donorUser.password);
    const donorPage = await asDonor.get(`/donor/countries/${country}?period=2025-01-01_2025-12-31&breakdown=sex`);
    expect(donorPage.statusCode).toBe(200);
    expect(donorPage.body).toMatch(
      /Certified trainers at the period’s end<\/th>\s*<td>Total<\/td>\s*<td class="num">10<\/td>/,
    );
    expect(donorPage.body).toMatch(
      /Certified trainers at the period’s end<\/th>\s*<td>Female<\/td>\s*<td class="num">≤5<\/td>/,
    );
    for (const name of names) expect(donorPage.body).not.toContain(name);
  });
});
