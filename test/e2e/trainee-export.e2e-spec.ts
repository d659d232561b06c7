import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { parse } from 'csv-parse/sync';

import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { TRAINEE_EXPORT_COLUMNS } from '../../src/modules/trainees/trainee-export.service.js';
import { createCountry } from '../factories/countries.js';
import { createEvent, createTrainee, enroll } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Headers = Record<string, string>;

const BOM = '\uFEFF';
const MB = 1024 * 1024;

/** A full garbage collection, so a heap reading counts what is still held, not what awaits collection. */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const liveHeap = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

// A Russian officer's file: semicolons, as Excel set to Russian reads it (csvConventions).
const rowsOf = (text: string): string[][] =>
  parse(text.replace(/^\uFEFF/, ''), { delimiter: ';', relax_column_count: false });

describe('trainee list export', () => {
  let app: TestApp;
  let country: string;
  let region: string;
  let organization: string;
  let event: string;
  let ruOfficer: { id: string; headers: Headers };
  let admin: Headers;
  const ids = {} as Record<'judge' | 'prosecutor' | 'withdrawn' | 'formula', string>;

  const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);
  const download = (query: string, headers: Headers) =>
    app.request({ method: 'GET', url: `/trainees/export.csv?${query}`, headers });

  /** A country of this file's own, so the lists hold only what the tests put there. */

  beforeAll(async () => {
    app = await startTestApp();
    country = await createCountry(app.dataSource, 'J', {
      en: 'Listland',
      ru: 'Списки',
      ky: 'Тизме',
      tg: 'Рӯйхат',
      uk: 'Списки',
    });
    region = `${country}-O`;
    await sql(`INSERT INTO regions (code, country_code, names) VALUES ($1, $2, $3)`, [
      region,
      country,
      JSON.stringify({ en: 'Osh', ru: 'Ошская область', ky: 'Ош облусу', tg: 'Вилояти Ош', uk: 'Ошська область' }),
    ]);
    [{ id: organization }] = await sql<{ id: string }[]>(
      `INSERT INTO organizations (name, type, country_code) VALUES ('Бюро СМЭ, г. Ош', 'forensic_bureau', $1) RETURNING id`,
      [country],
    );
    const user = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country], locale: 'ru' });
    ruOfficer = { id: user.id, headers: bearer((await signIn(app, user)).accessToken) };
    admin = bearer((await signIn(app, await createUser(app.dataSource, { role: Role.Admin }))).accessToken);

    ids.judge = await createTrainee(app.dataSource, {
      countryCode: country,
      fullName: 'Айгүл Токтогулова',
      profession: 'judge',
    });
    ids.prosecutor = await createTrainee(app.dataSource, {
      countryCode: country,
      fullName: 'Бакыт Осмонов',
      profession: 'prosecutor',
      sex: 'male',
    });
    ids.withdrawn = await createTrainee(app.dataSource, { countryCode: country, fullName: 'Назгүл Отозвавшая' });
    ids.formula = await createTrainee(app.dataSource, { countryCode: country, fullName: '=HYPERLINK("x")' });
    await sql(
      `UPDATE trainees SET region_code = $2, organization_id = $3, email = 'a.toktogulova@example.kg', birth_year = 1984
        WHERE id = $1`,
      [ids.judge, region, organization],
    );
    await sql(`UPDATE trainees SET email = 'nazgul@example.kg', phone = '+996555123456' WHERE id = $1`, [
      ids.withdrawn,
    ]);
    const withdrawn = await app.request({
      method: 'POST',
      url: `/trainees/${ids.withdrawn}/withdraw-consent`,
      headers: ruOfficer.headers,
    });
    expect(withdrawn.statusCode).toBe(200);
    event = await createEvent(app.dataSource, { countryCode: country });
    await enroll(app.dataSource, event, ids.prosecutor);
  });

  afterAll(async () => {
    await sql('DELETE FROM enrollments WHERE event_id = $1', [event]);
    await sql('DELETE FROM trainees WHERE country_code = $1', [country]);
    await app.close();
  });

  it("gives an officer their country's trainees as CSV in their language, with a BOM for Excel", async () => {
    const res = await download(`country=${country}`, ruOfficer.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="trainees-${country}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect(res.body.startsWith(BOM)).toBe(true);

    const [header, ...rows] = rowsOf(res.body);
    expect(header).toEqual(
      TRAINEE_EXPORT_COLUMNS.map((column) => translate('ru', `trainees.export.columns.${column}`)),
    );
    expect(header.slice(0, 4)).toEqual(['Код записи', 'ФИО', 'Имя латиницей', 'Пол']);
    expect(rows).toHaveLength(4);
    const byId = new Map(
      rows.map((row) => [row[0], Object.fromEntries(TRAINEE_EXPORT_COLUMNS.map((c, i) => [c, row[i]]))]),
    );

    expect(byId.get(ids.judge)).toMatchObject({
      full_name: 'Айгүл Токтогулова',
      sex: translate('ru', 'enums.sex.female'),
      profession: translate('ru', 'enums.profession.judge'),
      organization: 'Бюро СМЭ, г. Ош',
      region: 'Ошская область',
      birth_year: '1984',
      email: 'a.toktogulova@example.kg',
      consent_withdrawn_on: '',
    });
    expect(byId.get(ids.judge)?.consent_given_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // A name Excel would run as a formula stays text.
    expect(byId.get(ids.formula)?.full_name).toBe(`'=HYPERLINK("x")`);
  });

  it('lists a trainee who withdrew consent without name, birth year or contact', async () => {
    const res = await download(`country=${country}`, ruOfficer.headers);
    const row = rowsOf(res.body).find((cells) => cells[0] === ids.withdrawn);
    const record = Object.fromEntries(TRAINEE_EXPORT_COLUMNS.map((c, i) => [c, row?.[i]]));
    expect(record).toMatchObject({ full_name: '', latin_name: '', birth_year: '', phone: '', email: '' });
    expect(record.consent_withdrawn_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body).not.toContain('Назгүл');
    expect(res.body).not.toContain('nazgul@example.kg');
  });

  it.each([
    ['region', () => `region=${region}`, () => [ids.judge]],
    ['organisation', () => `organization=${organization}`, () => [ids.judge]],
    ['profession', () => 'profession=prosecutor', () => [ids.prosecutor]],
    ['event', () => `event=${event}`, () => [ids.prosecutor]],
  ])('narrows the list by %s', async (_, filter, expected) => {
    const res = await download(`country=${country}&${filter()}`, ruOfficer.headers);
    expect(res.statusCode).toBe(200);
    expect(
      rowsOf(res.body)
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(expected());
  });

  it('writes one audit row per export: who, the filters and the count, no names', async () => {
    const res = await download(`country=${country}&region=${region}&profession=judge`, ruOfficer.headers);
    expect(res.statusCode).toBe(200);
    const rows = await sql<{ entity_type: string; entity_id: string; values: unknown; request_id: string | null }[]>(
      `SELECT entity_type, entity_id, "values", request_id FROM audit_log
        WHERE actor_id = $1 AND action = 'export' AND "values" -> 'filters' ->> 'profession' = 'judge'`,
      [ruOfficer.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      entity_type: 'trainee',
      entity_id: country,
      values: { filters: { country, region, profession: 'judge' }, rows: 1 },
    });
    expect(rows[0].request_id).toBe(res.headers['x-request-id']);
    expect(JSON.stringify(rows[0])).not.toContain('Токтогулова');

    const listed = await app.request({
      method: 'GET',
      url: `/audit-log?entityType=trainee&actorId=${ruOfficer.id}`,
      headers: admin,
    });
    expect(listed.statusCode).toBe(200);
  });

  it('answers a country outside the officer’s scope as one that does not exist', async () => {
    const outside = await download('country=KG', ruOfficer.headers);
    const missing = await download('country=XX', admin);
    for (const res of [outside, missing]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
  });

  it('refuses donors and trainers (403), and a request without a country (400)', async () => {
    for (const role of [Role.Donor, Role.Trainer]) {
      const user = await createUser(app.dataSource, { role, countries: [country] });
      const res = await download(`country=${country}`, bearer((await signIn(app, user)).accessToken));
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden' });
    }
    const res = await download('', ruOfficer.headers);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['country']);
  });

  describe('20 000 trainees over a real connection', () => {
    const COUNT = 20_000;
    let base: string;
    let token: string;

    beforeAll(async () => {
      // Long names and addresses, so a list held whole in memory would show in the heap.
      await sql(
        `INSERT INTO trainees (full_name, latin_name, email, sex, profession, country_code, region_code, consent_given_at)
         SELECT 'Стажёр ' || g || ' ' || repeat('Ж', 180), 'Trainee ' || g || ' ' || repeat('Z', 180),
                'trainee' || g || '.' || repeat('x', 150) || '@example.kg', 'female', 'psychologist', $1, $2, now()
           FROM generate_series(1, ${COUNT}) g`,
        [country, region],
      );
      await app.api.listen(0, '127.0.0.1');
      const { port } = app.api.getHttpServer().address() as AddressInfo;
      base = `http://127.0.0.1:${port}`;
      token = ruOfficer.headers.authorization;
    });

    const open = (query: string) =>
      new Promise<IncomingMessage>((resolve, reject) => {
        get(`${base}/trainees/export.csv?${query}`, { headers: { authorization: token } }, resolve).on('error', reject);
      });

    it('streams it in many chunks, holding little memory while the reader waits', async () => {
      const baseline = liveHeap();
      const res = await open(`country=${country}&profession=psychologist`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();

      const chunks: Buffer[] = [];
      await new Promise<void>((resolve) =>
        res.once('data', (chunk: Buffer) => {
          // The reader stops: backpressure must stop the cursor, not pile the rest up in memory.
          res.pause();
          chunks.push(chunk);
          resolve();
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const held = liveHeap() - baseline;

      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.resume();
      await new Promise((resolve) => res.once('end', resolve));
      const body = Buffer.concat(chunks).toString('utf8');
      const size = Buffer.byteLength(body);

      expect(rowsOf(body)).toHaveLength(COUNT + 1);
      expect(chunks.length).toBeGreaterThan(10);
      expect(size).toBeGreaterThan(15 * MB);
      // The whole list is over 15 MB (far more as rows in memory); what the server holds at a time is a
      // batch of rows and the stream buffers.
      expect(held).toBeLessThan(8 * MB);
    });

    it('gives the connection back when the reader goes away mid-file', async () => {
      const res = await open(`country=${country}&profession=psychologist`);
      await new Promise((resolve) => res.once('data', resolve));
      res.destroy();

      const running = () =>
        sql<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE query LIKE '%FROM trainees trainee%ORDER BY trainee.full_name%' AND pid <> pg_backend_pid()`,
        );
      for (let attempt = 0; attempt < 50 && (await running())[0].n > 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await running())[0].n).toBe(0);
      // And the app still answers.
      const after = await download(`country=${country}&profession=judge`, ruOfficer.headers);
      expect(after.statusCode).toBe(200);
    });
  });
});
