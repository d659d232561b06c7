import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';

import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

import { Role } from '@cascade/auth';

import { seedDemoData } from '../../src/demo/demo-data.js';
import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { ImportRunner } from '../../src/modules/imports/import-runner.js';
import { nameKeyOf } from '../../src/modules/trainees/duplicates/name-key.js';
import { createEvent, createSession, createTrainee } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

type Headers = Record<string, string>;

interface Problem {
  column: string | null;
  field: string | null;
  code: string;
  message: string;
}
interface Candidate {
  traineeId: string;
  fullName: string | null;
  latinName: string | null;
  birthYear: number | null;
  score: number;
  matchingFields: string[];
  conflictingFields: string[];
}
interface ImportBody {
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
function multipart(fileName: string, content: Buffer) {
  const boundary = `----cascade${randomUUID().replaceAll('-', '')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A zip written by hand, for archives exceljs would never write: entries stored or deflated as given. */
function zip(entries: { name: string; data: Buffer; method: 0 | 8; size: number }[]): Buffer {
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

async function deflatedZeros(bytes: number): Promise<Buffer> {
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
const word = (hex: string) =>
  [...hex.replaceAll('-', '').slice(0, 16)].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');

const SYLLABLES = ['ba', 'de', 'fi', 'go', 'lu', 'ma', 'ne', 'pi', 'ro', 'su'];

const RU_HEADER = ['ФИО', 'Пол', 'Профессия', 'Год рождения', 'Регион', 'Телефон', 'Дата согласия'];

describe('imports', () => {
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

  async function waitForJob(statusUrl: string, headers: Headers) {
    for (let attempt = 0; attempt < 300; attempt++) {
      const res = await app.request({ method: 'GET', url: statusUrl, headers });
      const body = res.json<{ state: string; progress: unknown; result: { importId: string; status: string } }>();
      if (body.state === 'completed' || body.state === 'failed') return body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${statusUrl} did not finish in 30 s`);
  }

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

  describe('a Windows-1251 CSV with ";" (as Russian Excel saves it)', () => {
    it('reports each bad cell by row and column, in Russian, and writes nothing', async () => {
      const marker = tag();
      const lines = [
        RU_HEADER.join(';'),
        `Осмонова Гүлнара ${marker};жен;Судебно-медицинский эксперт;1984;KG-O;+996 555 12-34-56;05.03.2024`,
        `Токтогулов Нурлан ${marker};М;прокурор;1979;;;31.02.2024`,
        `Иванов Пётр ${marker};мужской;астронавт;1890;Марс;12345;`,
        `осмонова гүлнара ${marker};Ж;Судебно-медицинский эксперт;1984;;;06.03.2024`,
      ];
      const content = iconv.encode(lines.join('\r\n') + '\r\n', 'win1251');
      const res = await upload('/imports/trainees?country=KG', ruOfficer, 'участники.csv', content);
      expect(res.statusCode).toBe(201);
      const body = res.json<ImportBody>();
      expect(body).toMatchObject({ status: 'invalid', rowCount: 4 });
      expect(body.report).toMatchObject({
        encoding: 'windows-1251',
        separator: ';',
        totalRows: 4,
        validRows: 2,
        invalidRows: 2,
        duplicateGroups: 1,
      });
      const byRow = new Map(body.report.rows.map((row) => [row.row, row]));
      expect([...byRow.keys()]).toEqual([2, 3, 4, 5]);
      expect(byRow.get(3)?.problems).toEqual([
        {
          column: 'Дата согласия',
          field: 'consent_date',
          code: 'invalid_date',
          message: 'должно быть датой, например 31.12.2024.',
        },
      ]);
      const row4 = byRow.get(4)?.problems ?? [];
      expect(row4.map((p) => [p.field, p.code])).toEqual([
        ['profession', 'isIn'],
        ['birth_year', 'min'],
        ['region', 'region_not_in_import_country'],
        ['phone', 'phone_format'],
        ['consent_date', 'isDefined'],
      ]);
      expect(row4[0].message).toContain('Судебно-медицинский эксперт');
      // Rows 2 and 5 are one person (case aside); nobody registered is like them.
      expect(byRow.get(2)).toEqual({ row: 2, problems: [], sameAsRows: [5], duplicates: [] });
      expect(byRow.get(5)).toMatchObject({ sameAsRows: [2], duplicates: [] });

      expect(await traineesNamed(marker)).toEqual([]);
      const refused = await commit(body.id, ruOfficer);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'import_invalid' });
      expect(await traineesNamed(marker)).toEqual([]);
    });
  });

  describe('a UTF-8 CSV with a BOM and ","', () => {
    it('commits every row in one go, transliterating names and keeping the consent date, audited once', async () => {
      const marker = tag();
      const text =
        '\uFEFFFull name,Sex,Profession,Year of birth,Region,Email,Date of consent,Notes\n' +
        `"Asanova, Aida ${marker}",F,psychologist,1990,osh region,A.Asanova@Example.kg,2024-11-02,"met in Osh, May"\n` +
        `Бакиев Тимур ${marker},male,Judge,,,,15/01/2025,\n`;
      const res = await upload('/imports/trainees?country=KG', enOfficer, 'trainees.csv', Buffer.from(text));
      expect(res.statusCode).toBe(201);
      const body = res.json<ImportBody>();
      expect(body).toMatchObject({ status: 'checked' });
      expect(body.report).toMatchObject({ encoding: 'utf-8-bom', separator: ',', totalRows: 2, invalidRows: 0 });
      expect(body.report.ignoredColumns).toEqual(['Notes']);

      const done = await commit(body.id, enOfficer);
      expect(done.statusCode).toBe(200);
      expect(done.json<ImportBody>()).toMatchObject({
        status: 'committed',
        result: { trainees: 2, enrollments: 0, attendanceMarks: 0, assessments: 0, distinctPairs: 0 },
      });
      const rows = await traineesNamed(marker);
      expect(rows.map((r) => [r.full_name, r.latin_name, r.sex, r.profession, r.region_code, r.consent])).toEqual([
        [`Asanova, Aida ${marker}`, `Asanova, Aida ${marker}`, 'female', 'psychologist', 'KG-O', '2024-11-02'],
        [`Бакиев Тимур ${marker}`, `Bakiev Timur ${marker}`, 'male', 'judge', null, '2025-01-15'],
      ]);
      const [audit] = await sql<{ entity_type: string; values: Record<string, unknown> }[]>(
        `SELECT entity_type, "values" FROM audit_log WHERE entity_id = $1`,
        [body.id],
      );
      expect(audit).toMatchObject({
        entity_type: 'import',
        values: { kind: 'trainees', countryCode: 'KG', trainees: 2 },
      });
      const [stored] = await sql<{ content: Buffer | null }[]>('SELECT content FROM imports WHERE id = $1', [body.id]);
      expect(stored.content).toBeNull();
    });
  });

  describe('an XLSX of a past event, from the Russian template, with date cells', () => {
    it('records the participants, their enrolments, attendance per session and scores', async () => {
      const marker = tag();
      const eventId = await createEvent(app.dataSource, {
        startDate: '2025-05-12',
        endDate: '2025-05-13',
        status: EventStatus.Completed,
      });
      const day2 = await createSession(app.dataSource, eventId, {
        date: '2025-05-13',
        startTime: '09:00',
        endTime: '12:00',
      });
      const day1 = await createSession(app.dataSource, eventId, {
        date: '2025-05-12',
        startTime: '09:00',
        endTime: '12:00',
      });

      const template = await app.request({
        method: 'GET',
        url: '/imports/templates/event_records?format=xlsx&sessions=2',
        headers: ruOfficer,
      });
      expect(template.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      const headers = (sheet.getRow(1).values as string[]).slice(1);
      expect(headers).toEqual([
        'ФИО',
        'ФИО латиницей',
        'Пол',
        'Профессия',
        'Год рождения',
        'Регион',
        'Телефон',
        'Эл. почта',
        'Дата согласия',
        'Балл предтеста',
        'Балл посттеста',
        'Занятие 1',
        'Занятие 2',
      ]);
      const at = (name: string) => headers.indexOf(name) + 1;
      const addRow = (values: Record<string, unknown>) => {
        const row = sheet.addRow([]);
        for (const [header, value] of Object.entries(values))
          row.getCell(at(header)).value = value as ExcelJS.CellValue;
      };
      addRow({
        ФИО: `Садыкова Айгерим ${marker}`,
        Пол: 'Женский',
        Профессия: 'Психиатр',
        'Дата согласия': new Date(Date.UTC(2025, 4, 12)),
        'Балл предтеста': 55,
        'Балл посттеста': '85,0',
        'Занятие 1': 'присутствовала',
        'Занятие 2': 'опоздал(а)',
      });
      addRow({
        ФИО: `Маматов Эрлан ${marker}`,
        Пол: 'М',
        Профессия: 'Адвокат',
        'Год рождения': 1975,
        'Дата согласия': 45789,
        'Занятие 1': 'отсутствовал',
        'Занятие 2': '',
      });
      const content = Buffer.from(await workbook.xlsx.writeBuffer());

      const res = await upload(`/imports/events/${eventId}`, ruOfficer, 'мероприятие.xlsx', content);
      expect(res.statusCode).toBe(201);
      const body = res.json<ImportBody>();
      expect(body.report.rows).toEqual([]);
      expect(body).toMatchObject({ status: 'checked', report: { totalRows: 2, validRows: 2 } });

      const done = await commit(body.id, ruOfficer);
      expect(done.json<ImportBody>().result).toEqual({
        trainees: 2,
        enrollments: 2,
        attendanceMarks: 3,
        assessments: 1,
        distinctPairs: 0,
      });
      const people = await traineesNamed(marker);
      expect(people.map((p) => [p.sex, p.profession, p.consent, p.consent_recorded_by_id])).toEqual([
        ['male', 'defense_lawyer', '2025-05-12', ruOfficerUser.id],
        ['female', 'psychiatrist', '2025-05-12', ruOfficerUser.id],
      ]);
      const marks = await sql<{ session_id: string; status: string; full_name: string }[]>(
        `SELECT m.session_id, m.status, t.full_name FROM attendance_marks m JOIN trainees t ON t.id = m.trainee_id
          WHERE m.session_id = ANY($1) ORDER BY t.full_name, m.status`,
        [[day1, day2]],
      );
      expect(marks).toEqual([
        { session_id: day1, status: 'absent', full_name: `Маматов Эрлан ${marker}` },
        { session_id: day1, status: 'present', full_name: `Садыкова Айгерим ${marker}` },
        { session_id: day2, status: 'late', full_name: `Садыкова Айгерим ${marker}` },
      ]);
      const scores = await sql(`SELECT pre_score, post_score FROM assessments WHERE event_id = $1`, [eventId]);
      expect(scores).toEqual([{ pre_score: 55, post_score: 85 }]);
      const enrolled = await sql(`SELECT status FROM enrollments WHERE event_id = $1`, [eventId]);
      expect(enrolled).toEqual([{ status: 'enrolled' }, { status: 'enrolled' }]);
    });

    it('refuses an event that has not ended, or one outside the caller’s countries', async () => {
      const future = await createEvent(app.dataSource, { startDate: '2099-05-12', endDate: '2099-05-13' });
      const res = await upload(`/imports/events/${future}`, ruOfficer, 'x.csv', Buffer.from('ФИО\n'));
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'import_event_not_finished' });
      const tajik = await createEvent(app.dataSource, { countryCode: 'TJ' });
      expect((await upload(`/imports/events/${tajik}`, ruOfficer, 'x.csv', Buffer.from('ФИО\n'))).statusCode).toBe(404);
    });
  });

  describe('commit, all or nothing', () => {
    it('leaves nothing when the writer dies mid-way, and a retry writes the file exactly once', async () => {
      const marker = tag();
      const rows = ['Full name,Profession,Date of consent'];
      for (let i = 0; i < 5; i++) rows.push(`Person ${nth(i)} ${marker},judge,01.02.2025`);
      const body = (
        await upload('/imports/trainees?country=KG', enOfficer, 'p.csv', Buffer.from(rows.join('\n')))
      ).json<ImportBody>();
      expect(body.status).toBe('checked');

      // The worker "killed" after writing its first batch: the transaction rolls back.
      const runner = new ImportRunner(app.dataSource);
      await expect(
        runner.commit(body.id, ruOfficerUser.id, () => {
          throw new Error('worker killed');
        }),
      ).rejects.toThrow('worker killed');
      expect(await traineesNamed(marker)).toEqual([]);
      const [{ status }] = await sql<{ status: string }[]>('SELECT status FROM imports WHERE id = $1', [body.id]);
      expect(status).toBe('checked');

      const first = await commit(body.id, enOfficer);
      const again = await commit(body.id, enOfficer);
      expect(first.statusCode).toBe(200);
      expect(again.statusCode).toBe(200);
      expect(again.json<ImportBody>().result).toEqual(first.json<ImportBody>().result);
      expect(await traineesNamed(marker)).toHaveLength(5);
    });

    it('asks for confirmation before committing a file that names a person twice', async () => {
      const marker = tag();
      const text = `Full name,Profession,Year of birth,Date of consent\nAli Valiev ${marker},judge,1980,01.02.2025\nVALIEV ALI ${marker},judge,1980,01.02.2025\n`;
      const body = (
        await upload('/imports/trainees?country=KG', enOfficer, 'd.csv', Buffer.from(text))
      ).json<ImportBody>();
      expect(body.report.duplicateGroups).toBe(1);
      const refused = await commit(body.id, enOfficer);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'import_duplicates_unconfirmed' });
      expect(await traineesNamed(marker)).toEqual([]);
      expect((await commit(body.id, enOfficer, { acceptDuplicates: true })).statusCode).toBe(200);
      expect(await traineesNamed(marker)).toHaveLength(2);
    });
  });

  describe('trainees already registered (duplicate detection)', () => {
    it('shows a registered trainee spelled another way, and commits only once told the rows are new people', async () => {
      const marker = tag();
      const registered = await createTrainee(app.dataSource, {
        fullName: `Тоқтоғулов Нурлан ${marker}`,
        latinName: `Toqtoghulov Nurlan ${marker}`,
        birthYear: 1979,
        sex: 'male',
      });
      const text =
        'Full name,Profession,Year of birth,Date of consent\n' +
        `Токтогулов Нурлан Асанович ${marker},judge,1979,01.02.2025\n` +
        `Toktogulov Nurlan ${marker},prosecutor,,01.02.2025\n` +
        `Эшматов Бахтиёр ${marker},judge,1985,01.02.2025\n`;
      const res = await upload('/imports/trainees?country=KG', enOfficer, 'r.csv', Buffer.from(text));
      expect(res.statusCode).toBe(201);
      const body = res.json<ImportBody>();
      expect(body).toMatchObject({ status: 'checked', report: { duplicateGroups: 0, registryDuplicateRows: 2 } });
      const candidate = {
        traineeId: registered,
        fullName: `Тоқтоғулов Нурлан ${marker}`,
        latinName: `Toqtoghulov Nurlan ${marker}`,
        birthYear: 1979,
        score: 1,
        conflictingFields: [],
      };
      expect(body.report.rows).toEqual([
        {
          row: 2,
          problems: [],
          sameAsRows: [],
          duplicates: [{ ...candidate, matchingFields: ['name', 'birthYear'] }],
        },
        { row: 3, problems: [], sameAsRows: [], duplicates: [{ ...candidate, matchingFields: ['name'] }] },
      ]);
      // The stored report keeps ids and scores, never another trainee's name.
      const [stored] = await sql<{ report: unknown }[]>('SELECT report FROM imports WHERE id = $1', [body.id]);
      expect(JSON.stringify(stored.report)).not.toContain('Тоқтоғулов');

      const refused = await commit(body.id, enOfficer);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        code: 'import_registry_duplicates_unconfirmed',
        message: expect.stringContaining('2 row(s)'),
        rows: [
          { row: 2, duplicates: [{ traineeId: registered, fullName: `Тоқтоғулов Нурлан ${marker}` }] },
          { row: 3, duplicates: [{ traineeId: registered }] },
        ],
      });
      expect(await traineesNamed(marker)).toHaveLength(1);

      const done = await commit(body.id, enOfficer, { acceptDuplicates: true });
      expect(done.statusCode).toBe(200);
      expect(done.json<ImportBody>().result).toMatchObject({ trainees: 3, distinctPairs: 2 });
      const imported = await sql<{ id: string; full_name: string; name_key: string; patronymic_key: string | null }[]>(
        `SELECT id, full_name, name_key, patronymic_key FROM trainees WHERE full_name LIKE $1 AND id <> $2
          ORDER BY full_name`,
        [`%${marker}%`, registered],
      );
      // Every imported trainee carries the name key the trainees service would have written.
      expect(imported.map((t) => [t.name_key, t.patronymic_key])).toEqual(
        imported.map((t) => [nameKeyOf(t.full_name).key, nameKeyOf(t.full_name).patronymic]),
      );
      expect(imported.every((t) => t.name_key !== null)).toBe(true);
      const toktogulovs = imported.filter((t) => !t.full_name.startsWith('Эшматов')).map((t) => t.id);
      const pairs = await sql<{ trainee_id: string; other_trainee_id: string; marked_by_id: string }[]>(
        `SELECT trainee_id, other_trainee_id, marked_by_id FROM duplicate_distinct_pairs
          WHERE trainee_id = $1 OR other_trainee_id = $1`,
        [registered],
      );
      expect(pairs.map((p) => [p.trainee_id, p.other_trainee_id].find((id) => id !== registered)).sort()).toEqual(
        [...toktogulovs].sort(),
      );

      // Registration finds the imported trainees like any other: their name key is set.
      const again = await app.request({
        method: 'POST',
        url: '/trainees',
        headers: enOfficer,
        payload: {
          fullName: `ТОКТОГУЛОВ Нурлан ${marker}`,
          sex: 'male',
          profession: 'judge',
          countryCode: 'KG',
          consentGiven: true,
        },
      });
      expect(again.statusCode).toBe(409);
      const proposed = again.json<{ code: string; candidates: { traineeId: string }[] }>();
      expect(proposed.code).toBe('possible_duplicates');
      expect(proposed.candidates.map((c) => c.traineeId).sort()).toEqual([registered, ...toktogulovs].sort());
    });

    it('shows a candidate whose consent was since withdrawn without its name', async () => {
      const marker = tag();
      const registered = await createTrainee(app.dataSource, { fullName: `Раҳимова Мавлуда ${marker}` });
      const text = `Full name,Profession,Date of consent\nРахимова Мавлуда ${marker},judge,01.02.2025\n`;
      const body = (
        await upload('/imports/trainees?country=KG', enOfficer, 'w.csv', Buffer.from(text))
      ).json<ImportBody>();
      expect(body.report.rows[0].duplicates).toMatchObject([
        { traineeId: registered, fullName: `Раҳимова Мавлуда ${marker}` },
      ]);
      await sql(
        `UPDATE trainees SET full_name = NULL, latin_name = NULL, name_key = NULL, consent_withdrawn_at = now()
          WHERE id = $1`,
        [registered],
      );
      const shown = await app.request({ method: 'GET', url: `/imports/${body.id}`, headers: enOfficer });
      expect(shown.json<ImportBody>().report.rows[0].duplicates).toMatchObject([
        { traineeId: registered, fullName: null, latinName: null },
      ]);
    });

    it('takes rows of one name and birth year for one person unless their patronymics differ', async () => {
      const marker = tag();
      const text =
        'Full name,Profession,Year of birth,Date of consent\n' +
        `Иванов Пётр Сергеевич ${marker},judge,1970,01.02.2025\n` +
        `Иванов Пётр Николаевич ${marker},judge,1970,01.02.2025\n` +
        `Petr Ivanov ${marker},judge,1970,01.02.2025\n` +
        `Иванов Петр ${marker},judge,1995,01.02.2025\n`;
      const body = (
        await upload('/imports/trainees?country=KG', enOfficer, 'i.csv', Buffer.from(text))
      ).json<ImportBody>();
      expect(body.report.duplicateGroups).toBe(1);
      expect(body.report.rows.map((row) => [row.row, row.sameAsRows])).toEqual([
        [2, [4]],
        [3, [4]],
        [4, [2, 3]],
      ]);
    });
  });

  describe('a file over the row threshold', () => {
    it('is checked and committed by jobs, with progress in rows', async () => {
      const marker = tag();
      const rows = ['ПІБ;Професія;Стать;Дата згоди'];
      for (let i = 0; i < 120; i++)
        rows.push(`Коваленко Олена ${nth(i)} ${marker};Суддя;Жінка;0${(i % 9) + 1}.03.2025`);
      const res = await upload('/imports/trainees?country=KG', enOfficer, 'big.csv', Buffer.from(rows.join('\n')));
      expect(res.statusCode).toBe(202);
      const accepted = res.json<{ importId: string; statusUrl: string; queue: string; importUrl: string }>();
      expect(accepted.queue).toBe('imports');
      const checked = await waitForJob(accepted.statusUrl, enOfficer);
      expect(checked).toMatchObject({ state: 'completed', progress: { rowsDone: 120, rowsTotal: 120 } });
      const report = (
        await app.request({ method: 'GET', url: accepted.importUrl, headers: enOfficer })
      ).json<ImportBody>();
      expect(report).toMatchObject({ status: 'checked', rowCount: 120, report: { totalRows: 120, validRows: 120 } });

      const started = await commit(accepted.importId, enOfficer);
      expect(started.statusCode).toBe(202);
      const committed = await waitForJob(started.json<{ statusUrl: string }>().statusUrl, enOfficer);
      expect(committed).toMatchObject({
        state: 'completed',
        progress: { rowsDone: 120, rowsTotal: 120 },
        result: { status: 'committed', result: { trainees: 120 } },
      });
      expect(await traineesNamed(marker)).toHaveLength(120);
    });
  });

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

  describe('templates', () => {
    it('gives a CSV per locale with the headers the import matches', async () => {
      const res = await app.request({
        method: 'GET',
        url: '/imports/templates/trainees?format=csv&locale=uk',
        headers: enOfficer,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('cascade-trainees-uk.csv');
      expect(res.body).toBe(
        '\uFEFFПІБ;ПІБ латиницею;Стать;Професія;Рік народження;Регіон;Номер телефону;Ел. пошта;Дата згоди\n',
      );
      const en = await app.request({
        method: 'GET',
        url: '/imports/templates/trainees?format=csv',
        headers: enOfficer,
      });
      expect(en.body.split('\n')[0]).toBe(
        '\uFEFFFull name,Name in Latin letters,Sex,Profession,Year of birth,Region,Phone,Email,Date of consent',
      );
    });
  });
});
