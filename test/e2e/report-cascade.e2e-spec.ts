import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { TrainerLevel } from '../../src/modules/trainers/trainer.entity.js';
import { createCountry } from '../factories/countries.js';
import { assignTrainer, createEvent, createTrainee, createTrainer, enroll } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { awaitJob } from '../support/jobs.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';

type Headers = Record<string, string>;
type Count = number | string | null;

interface CascadeSection {
  generations: {
    generation: number;
    trainers: Count;
    events: Count;
    trainees: Count;
    certified: Count;
    suppressed: boolean;
  }[];
  total: { trainers: Count; events: Count; trainees: Count; certified: Count; suppressed: boolean };
  multiplier: number | null;
  multiplierWithheld: boolean;
}

const run = promisify(execFile);

/**
 * A country's cascade built by hand, in a country of its own (a random code no other test uses):
 *
 *   X (a KG trainer) ──▶ A ──▶ C1 ──▶ D1          Generation 1: A, B, R (no trainer of the country
 *                         └──▶ C2 ──▶ Y (KG)       trained them: A was trained abroad, B and R by
 *                   B ──▶ C3 ◀── C1               nobody recorded). Generation 2: C1, C2, C3 (C3 was
 *                         └──▶ D2                  trained by B and by C1: kept at the nearer, 2).
 *                   R                             Generation 3: D1, D2. Y is in KG: not followed.
 *
 * Events in 2025, completed in the country, each with the trainees who completed it:
 * E1 (lead A, co-trainer C1): t1–t6, and w1 withdrew; E2 (lead C1): t5–t12;
 * E3 (lead C3, co-trainer D2): t13–t15; E4 (lead D1): t16 and t1 again.
 * Not counted in 2025: E5 (lead B) ended in 2024 with t17–t20; E6 (lead B) is only planned;
 * E7 (lead C2) was held in KG.
 *
 * Certification (one required step): A, C1 and C2 passed it on 2025-02-01; C3 only on 2026-01-10,
 * after the period; D1 was asked to repeat it. Certified at the end of 2025: A; C1, C2; nobody of
 * generation 3. At the end of 2024: nobody.
 */
describe('the cascade in progress reports and their exports', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  /** Where pdftotext reads the downloaded PDFs from. */
  let scratch: string;
  let country: string;
  let officer: Headers;
  let ruOfficer: Headers;
  let kyOfficer: Headers;
  let donor: Headers;
  const names: string[] = [];
  const period = { from: '2025-01-01', to: '2025-12-31' };

  const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'cascade-report-'));
    const config = testConfig();
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    country = await createCountry(app.dataSource, 'Y', {
      en: 'Cascadia',
      ru: 'Каскадия',
      ky: 'Каскадстан',
      tg: 'Каскадистон',
      uk: 'Каскадія',
    });
    const token = async (role: Role, countries: string[], locale = 'en') =>
      bearer((await signIn(app, await createUser(app.dataSource, { role, countries, locale }))).accessToken);
    officer = await token(Role.ProgramOfficer, [country]);
    ruOfficer = await token(Role.ProgramOfficer, [country], 'ru');
    kyOfficer = await token(Role.ProgramOfficer, [country], 'ky');
    donor = await token(Role.Donor, [country]);

    const trainer = async (label: string, level = TrainerLevel.National, countryCode = country) => {
      const fullName = `Тренерова ${label} ${randomUUID().slice(0, 6)}`;
      names.push(fullName);
      return createTrainer(app.dataSource, { countryCode, level, fullName });
    };
    const X = await trainer('X', TrainerLevel.Master, 'KG');
    const A = await trainer('A', TrainerLevel.Master);
    const B = await trainer('B', TrainerLevel.Master);
    await trainer('R');
    const C1 = await trainer('C1');
    const C2 = await trainer('C2');
    const C3 = await trainer('C3');
    const D1 = await trainer('D1');
    const D2 = await trainer('D2');
    const Y = await trainer('Y', TrainerLevel.National, 'KG');
    const trainedBy = (trainerId: string, by: string) =>
      sql(`INSERT INTO trainer_links (trainer_id, trained_by_id) VALUES ($1, $2)`, [trainerId, by]);
    await trainedBy(A, X);
    await trainedBy(C1, A);
    await trainedBy(C2, A);
    await trainedBy(C3, B);
    await trainedBy(C3, C1);
    await trainedBy(D1, C1);
    await trainedBy(D2, C3);
    await trainedBy(Y, C2);

    const [{ id: step }] = await sql<{ id: string }[]>(
      `WITH program AS (INSERT INTO certification_programs (country_code) VALUES ($1) RETURNING country_code)
       INSERT INTO certification_requirements (country_code, code, titles, position)
       SELECT country_code, 'observed', '{"en":"Pass an observation"}', 1 FROM program RETURNING id`,
      [country],
    );
    const [{ id: actor }] = await sql<{ id: string }[]>(`SELECT id FROM users LIMIT 1`);
    const evaluate = async (trainerId: string, state: string, on: string) => {
      const [{ id }] = await sql<{ id: string }[]>(
        `INSERT INTO trainer_requirements (trainer_id, requirement_id, state, state_on, updated_by_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [trainerId, step, state, on, actor],
      );
      await sql(
        `INSERT INTO trainer_requirement_changes (trainer_requirement_id, kind, state, effective_on, actor_id)
         VALUES ($1, 'state', $2, $3, $4)`,
        [id, state, on, actor],
      );
    };
    for (const certified of [A, C1, C2]) await evaluate(certified, 'passed', '2025-02-01');
    await evaluate(C3, 'passed', '2026-01-10');
    await evaluate(D1, 'repeat_requested', '2025-04-01');

    const t: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const fullName = `Каскадова t${i} ${randomUUID().slice(0, 6)}`;
      names.push(fullName);
      t[i] = await createTrainee(app.dataSource, { countryCode: country, fullName });
    }
    const event = (countryCode: string, endDate: string, status = EventStatus.Completed) =>
      createEvent(app.dataSource, { countryCode, startDate: endDate, endDate, status });
    const completed = async (eventId: string, trainees: string[]) => {
      for (const trainee of trainees) {
        const id = await enroll(app.dataSource, eventId, trainee);
        await sql(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [id]);
      }
    };
    const range = (from: number, to: number) => t.slice(from, to + 1);

    const E1 = await event(country, '2025-03-12');
    await assignTrainer(app.dataSource, E1, A);
    await assignTrainer(app.dataSource, E1, C1, 'co_trainer');
    await completed(E1, range(1, 6));
    const w1 = await createTrainee(app.dataSource, { countryCode: country });
    const withdrawn = await enroll(app.dataSource, E1, w1);
    await sql(`UPDATE enrollments SET status = 'withdrawn' WHERE id = $1`, [withdrawn]);
    const E2 = await event(country, '2025-05-20');
    await assignTrainer(app.dataSource, E2, C1);
    await completed(E2, range(5, 12));
    const E3 = await event(country, '2025-06-18');
    await assignTrainer(app.dataSource, E3, C3);
    await assignTrainer(app.dataSource, E3, D2, 'co_trainer');
    await completed(E3, range(13, 15));
    const E4 = await event(country, '2025-09-03');
    await assignTrainer(app.dataSource, E4, D1);
    await completed(E4, [t[16], t[1]]);
    const E5 = await event(country, '2024-11-14');
    await assignTrainer(app.dataSource, E5, B);
    await completed(E5, range(17, 20));
    const E6 = await event(country, '2025-10-08', EventStatus.Planned);
    await assignTrainer(app.dataSource, E6, B);
    await completed(E6, [t[17]]);
    const E7 = await event('KG', '2025-04-09');
    await assignTrainer(app.dataSource, E7, C2);
    await completed(E7, [t[19], t[20]]);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const cascadeOf = async (headers: Headers, query = `from=${period.from}&to=${period.to}`) => {
    const res = await app.request({
      method: 'GET',
      url: `/reports/progress?country=${country}&${query}&breakdown=sex`,
      headers,
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ cascade: CascadeSection }>().cascade;
  };

  it('counts trainers, events and trainees per generation, and the multiplier, exactly for an officer', async () => {
    // By hand: generation 1 taught E1 (t1–t6); generation 2 E1, E2, E3 (t1–t15); generation 3 E3, E4
    // (t13–t16 and t1). All together: E1–E4 and t1–t16, so 16 trainees per 3 first-generation trainers.
    const reached = [
      new Set([1, 2, 3, 4, 5, 6]),
      new Set([...Array(15).keys()].map((i) => i + 1)),
      new Set([13, 14, 15, 16, 1]),
    ];
    expect(reached.map((set) => set.size)).toEqual([6, 15, 5]);
    expect(new Set(reached.flatMap((set) => [...set])).size).toBe(16);

    expect(await cascadeOf(officer)).toEqual({
      generations: [
        { generation: 1, trainers: 3, events: 1, trainees: 6, certified: 1, suppressed: false },
        { generation: 2, trainers: 3, events: 3, trainees: 15, certified: 2, suppressed: false },
        { generation: 3, trainers: 2, events: 2, trainees: 5, certified: 0, suppressed: false },
      ],
      total: { trainers: 8, events: 4, trainees: 16, certified: 3, suppressed: false },
      multiplier: 5.33,
      multiplierWithheld: false,
      depthLimit: 10,
      depthLimitReached: false,
    });

    // 2024: only B's E5 (t17–t20) → 4 trainees per 3 first-generation trainers.
    const lastYear = await cascadeOf(officer, 'from=2024-01-01&to=2024-12-31');
    expect(lastYear.generations.map((g) => [g.events, g.trainees])).toEqual([
      [1, 4],
      [0, 0],
      [0, 0],
    ]);
    expect(lastYear).toMatchObject({ total: { trainers: 8, events: 1, trainees: 4 }, multiplier: 1.33 });
    // Certification as it stood at the end of 2024: nobody had passed yet.
    expect(lastYear.generations.map((g) => g.certified)).toEqual([0, 0, 0]);
    expect(lastYear.total.certified).toBe(0);
  });

  it('shows a donor small generations as ≤5, the others rounded to 10, and withholds the multiplier', async () => {
    expect(await cascadeOf(donor)).toEqual({
      generations: [
        // Trainees 6, 15 and 5 read 10, 20 and ≤5; the total 16 reads 20, so no subtraction gives
        // the hidden 5. Trainers: all three small, their total 8 reads 10.
        { generation: 1, trainers: '≤5', events: '≤5', trainees: 10, certified: '≤5', suppressed: true },
        { generation: 2, trainers: '≤5', events: '≤5', trainees: 20, certified: '≤5', suppressed: true },
        { generation: 3, trainers: '≤5', events: '≤5', trainees: '≤5', certified: 0, suppressed: true },
      ],
      total: { trainers: 10, events: '≤5', trainees: 20, certified: '≤5', suppressed: true },
      multiplier: null,
      multiplierWithheld: true,
      depthLimit: 10,
      depthLimitReached: false,
    });
  });

  const waitForJob = (statusUrl: string, headers: Headers) =>
    awaitJob<{ state: string; result: { downloadUrl: string }; failedReason: string }>(app, statusUrl, headers);

  async function exportFile(headers: Headers, breakdowns: string[], format: string) {
    const started = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers,
      payload: { country, ...period, breakdowns, format },
    });
    expect(started.statusCode).toBe(202);
    const job = await waitForJob(started.json().statusUrl, headers);
    expect(job).toMatchObject({ state: 'completed' });
    const file = await app.request({ method: 'GET', url: job.result.downloadUrl, headers });
    expect(file.statusCode).toBe(200);
    return file;
  }

  /** The text of a PDF as poppler's pdftotext reads it, keeping the layout (a table row on one line). */
  async function pdfText(bytes: Buffer): Promise<string> {
    const path = join(scratch, `${randomUUID()}.check.pdf`);
    writeFileSync(path, bytes);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-']);
    rmSync(path);
    return stdout;
  }

  it("adds a cascade sheet to an officer's XLSX", async () => {
    const file = await exportFile(officer, ['none'], 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Training cascade')!;
    const rows = Array.from({ length: sheet.rowCount }, (_, i) =>
      Array.from({ length: 5 }, (__, c) => sheet.getRow(i + 1).getCell(c + 1).value ?? null),
    );
    expect(rows).toEqual([
      ['Training cascade', 'Trainers', 'Events led or co-taught', 'Trainees reached', 'Certified at the period’s end'],
      ['Generation 1', 3, 1, 6, 1],
      ['Generation 2', 3, 3, 15, 2],
      ['Generation 3', 2, 2, 5, 0],
      ['All generations', 8, 4, 16, 3],
      ['Multiplier (trainees reached per generation 1 trainer)', 5.33, null, null, null],
    ]);
  });

  it('writes a PDF in Russian: title block, tables with localized headers, the cascade and its numbers', async () => {
    const file = await exportFile(ruOfficer, ['none', 'sex'], 'pdf');
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="progress-${country}-2025-01-01-2025-12-31.pdf"`,
    );
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const text = await pdfText(file.rawPayload);
    expect(text).toContain('Отчёт о ходе выполнения');
    expect(text).toContain('Страна: Каскадия');
    expect(text).toContain('Период: 1 января – 31 декабря 2025 г.');
    expect(text).toContain('Разбивка: Без разбивки');
    expect(text).toContain('Разбивка: Пол');
    for (const header of ['Показатель', 'Значение', 'Цель', 'Охваченные слушатели']) expect(text).toContain(header);
    // 16 completed in 2025; the cascade row by row; the multiplier with a decimal comma.
    expect(text).toMatch(/Лица, успешно завершившие обучение\s+16/);
    expect(text).toMatch(/Поколение 1\s+3\s+1\s+6\s+1\n/);
    expect(text).toMatch(/Поколение 2\s+3\s+3\s+15\s+2\n/);
    expect(text).toMatch(/Поколение 3\s+2\s+2\s+5\s+0\n/);
    expect(text).toMatch(/Все поколения\s+8\s+4\s+16\s+3\n/);
    expect(text).toMatch(/Мультипликатор \(слушателей на тренера 1-го поколения\): 5,33/);
    // The charts' own texts: the legend, and the title of the cascade chart.
    expect(text).toContain('Факт');
    expect(text).toContain('Охваченные слушатели по поколениям');
  });

  it('writes a PDF in Kyrgyz, its charts drawn with the Kyrgyz letters', async () => {
    const file = await exportFile(kyOfficer, ['none'], 'pdf');
    const text = await pdfText(file.rawPayload);
    expect(text).toContain('Аткарылышы жөнүндө отчёт');
    expect(text).toContain('Өлкө: Каскадстан');
    expect(text).toContain('Бөлүштүрүү: Бөлүштүрүүсүз');
    expect(text).toContain('Көрсөткүч');
    for (const letter of ['ң', 'ө', 'ү', 'Ө']) expect(text).toContain(letter);
    expect(text).toMatch(/1-муун\s+3\s+1\s+6\s+1\n/);
    expect(text).toMatch(/Бардык муундар\s+8\s+4\s+16\s+3\n/);
    expect(text).toContain('5,33');
    // "Натыйжа" is only in the chart's legend; an indicator's name is in the table and on the chart's axis.
    expect(text).toContain('Натыйжа');
    const events = translate('ky', 'enums.indicator.events_held');
    expect(events).toMatch(/[өү]/);
    expect(text.split(events).length - 1).toBe(2);
  });

  it('writes a donor\'s PDF with "≤5" where suppressed, the multiplier withheld, and no names', async () => {
    const file = await exportFile(donor, ['none', 'sex'], 'pdf');
    const text = await pdfText(file.rawPayload);
    expect(text).toContain('Progress report');
    expect(text).toContain('Counts from 1 to 5 are shown as “≤5”');
    expect(text).toContain('larger counts are rounded to the nearest multiple of 10');
    expect(text).toMatch(/Generation 1\s+≤5\s+≤5\s+10\s+≤5\n/);
    expect(text).toMatch(/Generation 2\s+≤5\s+≤5\s+20\s+≤5\n/);
    expect(text).toMatch(/All generations\s+10\s+≤5\s+20\s+≤5\n/);
    expect(text).toContain('Multiplier (trainees reached per generation 1 trainer): withheld');
    for (const name of names) expect(text).not.toContain(name);
    expect(text).not.toMatch(/Тренерова|Каскадова|Mamatova|Osmonova/);
  });

  it('refuses a format other than csv, xlsx or pdf, per field', async () => {
    const res = await app.request({
      method: 'POST',
      url: '/reports/progress/exports',
      headers: officer,
      payload: { country, ...period, breakdowns: ['none'], format: 'docx' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'format', code: 'isEnum', message: 'choose one of: csv, xlsx, or pdf.' },
    ]);
  });
});
