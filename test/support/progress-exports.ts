import { randomUUID } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';

import { Role } from '@cascade/auth';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { createCountry } from '../factories/countries.js';
import { createEvent, createSession, createTrainee, enroll } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from './auth.js';
import { awaitJob } from './jobs.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from './test-app.js';

export type Headers = Record<string, string>;
export type Cell = string | number | null;

export interface Row {
  breakdownLabel: string | null;
  indicatorLabel: string;
  actual: Cell;
  n: Cell;
  target: number | null;
  percentAchieved: number | null;
}

/** RFC 4180 fields: quoted ones may hold the delimiter, quotes (doubled) and line breaks. */
export function parseCsv(text: string, delimiter: ',' | ';' = ','): string[][] {
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
    else if (c === delimiter) {
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

export const asText = (value: Cell) => (value === null ? '' : String(value));

/**
 * The progress report exports' fixture: an API and an export worker, and a country of its own with
 * one completed event in 2025: 7 women (judges) and 3 men (prosecutors) completed it, so a donor sees
 * the men as "≤5". Call it inside a describe; its values are set once that describe's beforeAll ran.
 */
export function useProgressExports() {
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

  const waitForJob = (statusUrl: string, headers: Headers) =>
    awaitJob<{ state: string; result: { exportId: string; downloadUrl: string }; failedReason: string }>(
      app,
      statusUrl,
      headers,
      15,
    );

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

  return {
    get app() {
      return app;
    },
    get worker() {
      return worker;
    },
    get country() {
      return country;
    },
    get admin() {
      return admin;
    },
    get ruOfficer() {
      return ruOfficer;
    },
    get otherOfficer() {
      return otherOfficer;
    },
    get donor() {
      return donor;
    },
    names,
    period,
    sql,
    storedBytes,
    exportFile,
    report,
  };
}
