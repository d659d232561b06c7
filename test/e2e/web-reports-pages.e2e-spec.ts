import { randomInt, randomUUID } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';

import { Role } from '@cascade/auth';

import { EventStatus } from '../../src/modules/events/training-event.entity.js';
import { createEvent, createSession, createTrainee, enroll } from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';
import { HTML, Visitor } from '../support/web.js';

const SYLLABLES = ['ба', 'ку', 'ты', 'мо', 'ре', 'жа', 'ну', 'ли', 'со', 'ды', 'ка', 'го', 'шу', 'на', 'ри'];
const uniqueSurname = () =>
  `${Array.from({ length: 4 }, () => SYLLABLES[randomInt(SYLLABLES.length)]).join('')}ов`.replace(/^./, (c) =>
    c.toUpperCase(),
  );

function multipart(fields: Record<string, string>, fileName: string, content: Buffer) {
  const boundary = `----cascade${randomUUID().replaceAll('-', '')}`;
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A country of its own with one completed event this year: 7 women (judges) and 3 men (prosecutors)
 * completed it, so a donor reads the men as "≤5" and an officer reads 3.
 */
describe('web pages: donor, reports, targets and registry', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let country: string;
  let donor: TestUser;
  let officer: TestUser;
  let trainer: TestUser;
  const names: string[] = [];
  const year = new Date().getUTCFullYear();

  const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);

  async function makeCountry(): Promise<string> {
    for (;;) {
      const code = `W${String.fromCharCode(65 + randomInt(26))}`;
      const inserted = await sql<unknown[]>(
        `INSERT INTO countries (code, names) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [
          code,
          JSON.stringify({
            en: `Reportland ${code}`,
            ru: 'Отчётия',
            ky: 'Отчёт өлкөсү',
            tg: 'Ҳисоботистон',
            uk: 'Звітія',
          }),
        ],
      );
      if (inserted.length === 1) return code;
    }
  }

  async function signedIn(user: TestUser, language = 'en'): Promise<Visitor> {
    const visitor = new Visitor(app, language);
    await visitor.signIn(user.email, user.password);
    return visitor;
  }

  /** Follows an export's page until it links the file (the worker writes it). */
  async function exportedFile(visitor: Visitor, statusPage: string): Promise<string> {
    for (let attempt = 0; attempt < 150; attempt++) {
      const page = await visitor.get(statusPage);
      expect(page.statusCode).toBe(200);
      const link = /id="export-download" href="([^"]+)"/.exec(page.body);
      if (link) return link[1];
      expect(page.body).not.toContain('notice error');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the export did not finish');
  }

  beforeAll(async () => {
    // Files past 5 rows are checked and committed by jobs: the import page follows them.
    const config = testConfig({ IMPORT_JOB_ROW_THRESHOLD: '5' });
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    country = await makeCountry();
    donor = await createUser(app.dataSource, { role: Role.Donor, countries: [country] });
    officer = await createUser(app.dataSource, { role: Role.ProgramOfficer, countries: [country] });
    trainer = await createUser(app.dataSource, { role: Role.Trainer, countries: [country] });
    const event = await createEvent(app.dataSource, {
      countryCode: country,
      startDate: `${year}-01-12`,
      endDate: `${year}-01-14`,
      status: EventStatus.Completed,
    });
    await createSession(app.dataSource, event, { date: `${year}-01-12` });
    const people: [string, string][] = [
      ...Array.from({ length: 7 }, (): [string, string] => ['female', 'judge']),
      ...Array.from({ length: 3 }, (): [string, string] => ['male', 'prosecutor']),
    ];
    for (const [sex, profession] of people) {
      const fullName = `Отчётова ${randomUUID().slice(0, 8)}`;
      names.push(fullName);
      const trainee = await createTrainee(app.dataSource, { countryCode: country, fullName, sex, profession });
      const enrollment = await enroll(app.dataSource, event, trainee);
      await sql(`UPDATE enrollments SET status = 'completed', completed_at = now() WHERE id = $1`, [enrollment]);
    }
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  describe('the donor', () => {
    it('lists the countries they fund and opens one’s impact report: suppressed, with charts, no person', async () => {
      const visitor = await signedIn(donor);
      const list = await visitor.get('/donor');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(`href="/donor/countries/${country}"`);
      expect(list.body).toContain(`Reportland ${country}`);

      const page = await visitor.get(`/donor/countries/${country}?breakdown=sex`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<h1>Impact report: Reportland ${country}</h1>`);
      // The men who completed (3) read "≤5"; the women's 7 is withheld too (10 − 7 would give 3 away).
      expect(page.body).toMatch(/<td>Male<\/td>\s*<td class="num">≤5<\/td>/);
      expect(page.body).toMatch(/<td>Female<\/td>\s*<td class="num">—<\/td>/);
      expect(page.body).toMatch(/<td>Total<\/td>\s*<td class="num">10<\/td>/);
      expect(page.body).not.toMatch(/<td class="num">[37]<\/td>/);
      expect(page.body).toContain('Training cascade');
      expect(page.body).toContain('id="multiplier"');
      // Server-drawn charts, inlined, each named for screen readers.
      expect(page.body).toMatch(/<svg[^>]* role="img" aria-labelledby="chart-targets-title"/);
      expect(page.body).toContain('<title id="chart-targets-title">Actual and target by indicator</title>');
      expect(page.body).not.toContain('<script src="/assets/vega');
      for (const name of names) expect(page.body).not.toContain(name);
      expect(page.body).not.toContain('Отчётова');
    });

    it('keeps a donor to the countries they fund (404) and to their own pages (403)', async () => {
      const visitor = await signedIn(donor);
      expect((await visitor.get('/donor/countries/KG')).statusCode).toBe(404);
      expect((await visitor.get('/donor/countries/ZZ')).statusCode).toBe(404);
      for (const path of ['/progress', '/targets', '/registry/imports', '/registry/duplicates']) {
        const res = await visitor.get(path);
        expect([path, res.statusCode]).toEqual([path, 403]);
      }
      // A breakdown too fine for donors is refused as the API refuses it.
      expect((await visitor.get(`/donor/countries/${country}?breakdown=profession`)).statusCode).toBe(403);
      const menu = await visitor.get('/donor');
      expect(menu.body).not.toContain('href="/targets"');
    });

    it('shows a reversed period beside its field, with what was typed', async () => {
      const visitor = await signedIn(donor);
      const page = await visitor.get(`/donor/countries/${country}?from=${year}-12-31&to=${year}-01-01`);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('id="period-to-error"');
      expect(page.body).toContain(`value="${year}-12-31"`);
    });

    it('downloads the XLSX through an export job and its status page', async () => {
      const visitor = await signedIn(donor);
      await visitor.get(`/donor/countries/${country}`);
      const started = await visitor.post(`/donor/countries/${country}/exports`, {
        from: `${year}-01-01`,
        to: `${year}-12-31`,
        breakdown: 'sex',
        format: 'xlsx',
      });
      expect(started.statusCode).toBe(303);
      const statusPage = started.headers.location as string;
      expect(statusPage).toMatch(/^\/exports\/[a-z_-]+\/.+/);
      const link = await exportedFile(visitor, statusPage);
      expect(link).toMatch(/^\/reports\/exports\/[0-9a-f-]{36}$/);
      const file = await visitor.get(link);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      // Another user never sees the job.
      const other = await signedIn(officer);
      expect((await other.get(statusPage)).statusCode).toBe(404);
      // A format donors do not get is refused beside the form.
      const csv = await visitor.post(`/donor/countries/${country}/exports`, {
        from: `${year}-01-01`,
        to: `${year}-12-31`,
        breakdown: 'none',
        format: 'csv',
      });
      expect(csv.statusCode).toBe(400);
    });

    it('refuses the donor pages to a trainer', async () => {
      const visitor = await signedIn(trainer);
      for (const path of ['/donor', `/donor/countries/${country}`, '/progress', '/targets', '/registry/imports']) {
        const res = await visitor.get(path);
        expect([path, res.statusCode]).toEqual([path, 403]);
      }
    });
  });

  describe('the officer', () => {
    it('reads the exact progress report with a breakdown donors do not get, and starts its CSV', async () => {
      const visitor = await signedIn(officer);
      const page = await visitor.get(
        `/progress?country=${country}&from=${year}-01-01&to=${year}-12-31&breakdown=profession`,
      );
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Prosecutor');
      expect(page.body).toMatch(/<td class="num">3<\/td>/);
      expect(page.body).not.toContain('≤5');
      expect(page.body).toContain('<svg');
      const started = await visitor.post('/progress/exports', {
        country,
        from: `${year}-01-01`,
        to: `${year}-12-31`,
        breakdown: 'profession',
        format: 'csv',
      });
      expect(started.statusCode).toBe(303);
      const link = await exportedFile(visitor, started.headers.location as string);
      const file = await visitor.get(link);
      expect(file.statusCode).toBe(200);
      expect(file.body).toContain('Prosecutor');
    });

    it('sets a target, showing errors beside their fields with what was typed', async () => {
      const visitor = await signedIn(officer, 'ru');
      const form = await visitor.get('/targets');
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('name="indicator"');

      const wrong = await visitor.post('/targets', {
        country,
        year: '19x',
        indicator: 'completed_individuals',
        dimension: 'sex:female',
        value: '-4',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('id="target-year-error"');
      expect(wrong.body).toContain('id="target-value-error"');
      expect(wrong.body).toContain('value="19x"');
      expect(wrong.body).toContain('value="-4"');
      expect(wrong.body).toMatch(/<option value="sex:female" selected>/);

      const foreign = await visitor.post('/targets', {
        country: 'KG',
        year: String(year),
        indicator: 'certified',
        dimension: '',
        value: '10',
      });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.body).toContain('id="target-country-error"');

      const saved = await visitor.post('/targets', {
        country,
        year: String(year),
        indicator: 'completed_individuals',
        dimension: 'sex:female',
        value: '40',
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe('/targets?saved=1');
      const rows = await sql<{ target_value: string }[]>(
        `SELECT target_value FROM country_targets WHERE country_code = $1 AND breakdown_value = 'female'`,
        [country],
      );
      expect(rows.map((r) => Number(r.target_value))).toEqual([40]);
      const list = await visitor.get('/targets?saved=1');
      expect(list.body).toContain('data-form-saved');
      expect(list.body).toMatch(/<td class="num">40<\/td>/);
    });

    it('refuses a form without its CSRF token', async () => {
      const visitor = await signedIn(officer);
      await visitor.get('/targets');
      const forged = await visitor.post(
        '/targets',
        { country, year: String(year), indicator: 'certified', dimension: '', value: '1' },
        { csrf: null },
      );
      expect(forged.statusCode).toBe(403);
    });

    it('uploads a trainees file, shows its per-row report, and commits it', async () => {
      const visitor = await signedIn(officer);
      await visitor.get('/registry/imports');
      const csrf = visitor.jar.cookies.get('cascade_csrf') as string;
      const marker = randomUUID().slice(0, 6);
      const text =
        'Full name,Sex,Profession,Year of birth,Date of consent\n' +
        `Асанова Айда ${marker},F,psychologist,1990,2024-11-02\n` +
        `Бакиев Тимур ${marker},male,judge,1985,not a date\n`;
      const send = (query: string, body: ReturnType<typeof multipart>) =>
        app.request({
          method: 'POST',
          url: `/registry/imports${query}`,
          headers: { ...HTML, ...visitor.jar.header(), 'content-type': body.contentType },
          payload: body.payload,
        });
      const forged = await send('', multipart({ country }, 'trainees.csv', Buffer.from(text)));
      expect(forged.statusCode).toBe(403);

      const bad = await send(`?_csrf=${csrf}`, multipart({ country }, 'trainees.csv', Buffer.from(text)));
      expect(bad.statusCode).toBe(303);
      const badPage = await visitor.get(bad.headers.location as string);
      expect(badPage.statusCode).toBe(200);
      expect(badPage.body).toContain('id="import-rows"');
      expect(badPage.body).toContain('Date of consent');
      expect(badPage.body).not.toContain('id="import-commit"');

      const good = text.replace('not a date', '2025-01-15');
      const ok = await send(`?_csrf=${csrf}`, multipart({ country }, 'trainees.csv', Buffer.from(good)));
      expect(ok.statusCode).toBe(303);
      const importPage = ok.headers.location as string;
      const checked = await visitor.get(importPage);
      expect(checked.body).toContain('id="import-commit"');
      const committed = await visitor.post(`${importPage}/commit`, {});
      expect(committed.statusCode).toBe(303);
      const done = await visitor.get(committed.headers.location as string);
      expect(done.body).toContain('Imported: 2 trainees.');
      const rows = await sql<unknown[]>(`SELECT id FROM trainees WHERE full_name LIKE $1`, [`%${marker}`]);
      expect(rows).toHaveLength(2);

      const outside = await send(`?_csrf=${csrf}`, multipart({ country: 'KG' }, 'trainees.csv', Buffer.from(good)));
      expect(outside.statusCode).toBe(400);
      expect(outside.body).toContain('id="import-country-error"');
    });

    it('follows a large import through its jobs: the check, then the commit', async () => {
      const visitor = await signedIn(officer);
      await visitor.get('/registry/imports');
      const csrf = visitor.jar.cookies.get('cascade_csrf') as string;
      const marker = randomUUID().slice(0, 6);
      const lines = Array.from(
        { length: 8 },
        (_, i) => `${uniqueSurname()} Айбек ${marker},M,judge,${1970 + i},2025-01-15`,
      );
      const body = multipart(
        { country },
        'many.csv',
        Buffer.from(`Full name,Sex,Profession,Year of birth,Date of consent\n${lines.join('\n')}\n`),
      );
      const res = await app.request({
        method: 'POST',
        url: `/registry/imports?_csrf=${csrf}`,
        headers: { ...HTML, ...visitor.jar.header(), 'content-type': body.contentType },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/registry\/imports\/[0-9a-f-]{36}\?job=/);
      const until = async (url: string, text: string) => {
        for (let attempt = 0; attempt < 150; attempt++) {
          const page = await visitor.get(url);
          expect(page.statusCode).toBe(200);
          if (page.body.includes(text)) return page;
          // While the job runs, the page follows it (script) or refreshes itself (noscript).
          expect(page.body).toContain('data-pending="true"');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        throw new Error(`${url} never showed ${text}`);
      };
      const checked = await until(res.headers.location as string, 'id="import-commit"');
      expect(checked.body).toContain('Checked, ready to import');
      const importPage = (res.headers.location as string).split('?')[0];
      const commit = await visitor.post(`${importPage}/commit`, {});
      expect(commit.statusCode).toBe(303);
      expect(commit.headers.location).toMatch(/\?job=/);
      await until(commit.headers.location as string, 'Imported: 8 trainees.');
    });

    it('reviews the duplicate queue: different people, a merge choosing fields, and its undo', async () => {
      const visitor = await signedIn(officer);
      const surname = uniqueSurname();
      const a = await createTrainee(app.dataSource, { countryCode: country, fullName: `${surname} Бакыт` });
      const b = await createTrainee(app.dataSource, { countryCode: country, fullName: `${surname} Бакытбек` });
      const c = await createTrainee(app.dataSource, { countryCode: country, fullName: `${surname} Бакит` });
      const queue = await visitor.get('/registry/duplicates');
      expect(queue.statusCode).toBe(200);
      expect(queue.body).toContain(`/registry/duplicates/merge?a=`);
      expect(queue.body).toContain(surname);

      const pairLinks = [...queue.body.matchAll(/merge\?a=([0-9a-f-]+)&amp;b=([0-9a-f-]+)/g)].map((m) => [m[1], m[2]]);
      const ab = pairLinks.find((p) => p.includes(a) && p.includes(b));
      const ac = pairLinks.find((p) => p.includes(a) && p.includes(c));
      expect(ab).toBeDefined();
      expect(ac).toBeDefined();

      const distinct = await visitor.post('/registry/duplicates/distinct', { traineeId: a, otherTraineeId: c });
      expect(distinct.statusCode).toBe(303);
      expect((await visitor.get('/registry/duplicates')).body).not.toMatch(
        new RegExp(`merge\\?a=(${a}&amp;b=${c}|${c}&amp;b=${a})`),
      );

      const [first, second] = ab as string[];
      const form = await visitor.get(`/registry/duplicates/merge?a=${first}&b=${second}`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('name="field.fullName"');
      const merged = await visitor.post('/registry/duplicates/merge', {
        a: first,
        b: second,
        survivor: first,
        'field.fullName': second,
      });
      expect(merged.statusCode).toBe(303);
      const [{ full_name: kept }] = await sql<{ full_name: string }[]>('SELECT full_name FROM trainees WHERE id = $1', [
        first,
      ]);
      const [{ full_name: secondName }] = await sql<{ full_name: string }[]>(
        'SELECT full_name FROM trainees WHERE id = $1',
        [second],
      );
      expect(kept).toBe(secondName);

      const after = await visitor.get('/registry/duplicates?saved=merged');
      const undo = /action="(\/registry\/duplicates\/merges\/[0-9a-f-]+\/undo)"/.exec(after.body);
      expect(undo).not.toBeNull();
      const undone = await visitor.post((undo as RegExpExecArray)[1], {});
      expect(undone.statusCode).toBe(303);
      expect((await visitor.get('/registry/duplicates?saved=undone')).body).toContain('The merge was undone.');
    });
  });
});
