import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';

import type { INestApplicationContext } from '@nestjs/common';

import { Role } from '@cascade/auth';

import { seedDemoData } from '../../src/demo/demo-data.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from './auth.js';
import { awaitJob } from './jobs.js';
import { multipart } from './multipart.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from './test-app.js';

export type Headers = Record<string, string>;

export interface Problem {
  column: string | null;
  field: string | null;
  code: string;
  message: string;
}
export interface Candidate {
  traineeId: string;
  fullName: string | null;
  latinName: string | null;
  birthYear: number | null;
  score: number;
  matchingFields: string[];
  conflictingFields: string[];
}
export interface ImportBody {
  id: string;
  status: string;
  rowCount: number;
  report: {
    encoding: string | null;
    separator: string | null;
    totalRows: number;
    validRows: number;
    invalidRows: number;
    duplicateGroups: number;
    registryDuplicateRows: number;
    ignoredColumns: string[];
    rows: { row: number; problems: Problem[]; sameAsRows: number[]; duplicates: Candidate[] }[];
    fileProblem?: { code: string; message: string };
  };
  result: {
    trainees: number;
    enrollments: number;
    attendanceMarks: number;
    assessments: number;
    distinctPairs: number;
  } | null;
}

/** A multipart/form-data body with one file, as a browser sends it. */
/** A zip written by hand, for archives exceljs would never write: entries stored or deflated as given. */
export function zip(entries: { name: string; data: Buffer; method: 0 | 8; size: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export async function deflatedZeros(bytes: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024);
  const source = Readable.from(
    (function* () {
      for (let done = 0; done < bytes; done += chunk.length) yield chunk;
    })(),
  );
  const parts: Buffer[] = [];
  for await (const part of source.pipe(createDeflateRaw({ level: 9 })) as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts);
}

/** Hexadecimal digits spelled as the letters a to p. */
export const word = (hex: string) =>
  [...hex.replaceAll('-', '').slice(0, 16)].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');

export const SYLLABLES = ['ba', 'de', 'fi', 'go', 'lu', 'ma', 'ne', 'pi', 'ro', 'su'];

export const RU_HEADER = ['ФИО', 'Пол', 'Профессия', 'Год рождения', 'Регион', 'Телефон', 'Дата согласия'];

/**
 * The imports tests' API and worker (a job from 50 rows, files up to 3 MB) with the demo data, officers
 * of KG (Russian and English) and TJ, a trainer, a donor, an admin, and helpers. Call it inside a
 * describe: its values are set once that describe's beforeAll ran.
 */
export function useImportsFixture() {
  let app: TestApp;
  let worker: INestApplicationContext;
  let ruOfficerUser: TestUser;
  let ruOfficer: Headers;
  let enOfficer: Headers;
  let tjOfficer: Headers;
  let trainer: Headers;
  let donor: Headers;
  let admin: Headers;

  const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);
  // Letters only, long enough to make every name unlike anyone else's: a name key keeps letters
  // alone (digits are dropped), and a short marker would leave names alike enough to be proposed as
  // duplicates of other tests' trainees in the shared database.
  const tag = () => word(randomUUID());
  /** A row number as a word (name keys ignore digits): syllables no spelling rule folds together. */
  const nth = (n: number) => [...String(n)].map((digit) => SYLLABLES[Number(digit)]).join('');

  async function upload(url: string, headers: Headers, fileName: string, content: Buffer) {
    const body = multipart(fileName, content);
    return app.request({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  }

  const commit = (id: string, headers: Headers, payload: object = {}) =>
    app.request({ method: 'POST', url: `/imports/${id}/commit`, headers, payload });

  const traineesNamed = (marker: string) =>
    sql<
      {
        full_name: string;
        latin_name: string;
        sex: string;
        profession: string;
        region_code: string | null;
        birth_year: number | null;
        phone: string | null;
        consent: string;
        consent_recorded_by_id: string;
      }[]
    >(
      `SELECT full_name, latin_name, sex, profession, region_code, birth_year, phone,
              to_char(consent_given_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS consent, consent_recorded_by_id
         FROM trainees WHERE full_name LIKE $1 ORDER BY full_name`,
      [`%${marker}%`],
    );

  const waitForJob = (statusUrl: string, headers: Headers) =>
    awaitJob<{ state: string; progress: unknown; result: { importId: string; status: string } }>(
      app,
      statusUrl,
      headers,
    );

  beforeAll(async () => {
    const config = testConfig({ IMPORT_JOB_ROW_THRESHOLD: '50', IMPORT_MAX_BYTES: '3000000' });
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    await seedDemoData(app.dataSource);
    const signedIn = async (role: Role, countries: string[], locale = 'en') => {
      const user = await createUser(app.dataSource, { role, countries, locale });
      return { user, headers: bearer((await signIn(app, user)).accessToken) };
    };
    ({ user: ruOfficerUser, headers: ruOfficer } = await signedIn(Role.ProgramOfficer, ['KG'], 'ru'));
    enOfficer = (await signedIn(Role.ProgramOfficer, ['KG'])).headers;
    tjOfficer = (await signedIn(Role.ProgramOfficer, ['TJ'])).headers;
    trainer = (await signedIn(Role.Trainer, ['KG'])).headers;
    donor = (await signedIn(Role.Donor, ['KG'])).headers;
    admin = (await signedIn(Role.Admin, [])).headers;
  }, 60_000);
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
    get ruOfficerUser() {
      return ruOfficerUser;
    },
    get ruOfficer() {
      return ruOfficer;
    },
    get enOfficer() {
      return enOfficer;
    },
    get tjOfficer() {
      return tjOfficer;
    },
    get trainer() {
      return trainer;
    },
    get donor() {
      return donor;
    },
    get admin() {
      return admin;
    },
    sql,
    tag,
    nth,
    upload,
    commit,
    traineesNamed,
    waitForJob,
  };
}
