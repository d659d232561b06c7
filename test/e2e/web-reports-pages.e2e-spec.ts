import { randomUUID } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';

import { uniqueSurname } from '../factories/names.js';
import { createReportCountry } from '../factories/report-country.js';
import { createTrainee } from '../factories/training.js';
import type { TestUser } from '../factories/users.js';
import { multipart } from '../support/multipart.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';
import { exportedFile, HTML, Visitor } from '../support/web.js';

describe('web pages: the officer’s reports, targets and registry', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let country: string;
  let officer: TestUser;
  const year = new Date().getUTCFullYear();

  const sql = <T = unknown>(text: string, params: unknown[] = []) => app.dataSource.query<T>(text, params);

  async function signedIn(user: TestUser, language = 'en'): Promise<Visitor> {
    const visitor = new Visitor(app, language);
    await visitor.signIn(user.email, user.password);
    return visitor;
  }

  beforeAll(async () => {
    // Files past 5 rows are checked and committed by jobs: the import page follows them.
    const config = testConfig({ IMPORT_JOB_ROW_THRESHOLD: '5' });
    app = await startTestApp(config);
    worker = await startTestWorker(config);
    ({ country, officer } = await createReportCountry(app.dataSource, year));
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
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

    it('takes a decimal comma where decimals belong, and refuses "85,5" people', async () => {
      // The officer's account is in English: a comma typed on a Russian keyboard still counts.
      const visitor = await signedIn(officer, 'ru');
      await visitor.get('/targets');
      const target = { country, year: String(year), dimension: '' };
      const halfPerson = await visitor.post('/targets', { ...target, indicator: 'certified', value: '85,5' });
      expect(halfPerson.statusCode).toBe(400);
      expect(halfPerson.body).toContain('id="target-value-error"');
      expect(halfPerson.body).toContain('must be a whole number: this indicator counts people or events.');
      const tooMuch = await visitor.post('/targets', { ...target, indicator: 'attendance_rate', value: '120' });
      expect(tooMuch.statusCode).toBe(400);
      expect(tooMuch.body).toContain('must be a percentage from 0 to 100.');
      const mean = await visitor.post('/targets', { ...target, indicator: 'mean_post_score', value: '72,5' });
      expect(mean.statusCode).toBe(303);
      expect((await visitor.get('/targets')).body).toMatch(/<td class="num">72.5<\/td>/);
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
      const forged = await send(
        '',
        multipart('trainees.csv', Buffer.from(text), { fields: { country }, type: 'text/csv' }),
      );
      expect(forged.statusCode).toBe(403);

      const bad = await send(
        `?_csrf=${csrf}`,
        multipart('trainees.csv', Buffer.from(text), { fields: { country }, type: 'text/csv' }),
      );
      expect(bad.statusCode).toBe(303);
      const badPage = await visitor.get(bad.headers.location as string);
      expect(badPage.statusCode).toBe(200);
      expect(badPage.body).toContain('id="import-rows"');
      expect(badPage.body).toContain('Date of consent');
      expect(badPage.body).not.toContain('id="import-commit"');

      const good = text.replace('not a date', '2025-01-15');
      const ok = await send(
        `?_csrf=${csrf}`,
        multipart('trainees.csv', Buffer.from(good), { fields: { country }, type: 'text/csv' }),
      );
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

      const outside = await send(
        `?_csrf=${csrf}`,
        multipart('trainees.csv', Buffer.from(good), { fields: { country: 'KG' }, type: 'text/csv' }),
      );
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
      // One of them is registered already: the officer leaves that row to the duplicate queue.
      const [known] = lines[0].split(',');
      await createTrainee(app.dataSource, { countryCode: country, fullName: known, birthYear: 1970 });
      const body = multipart(
        'many.csv',
        Buffer.from(`Full name,Sex,Profession,Year of birth,Date of consent\n${lines.join('\n')}\n`),
        { fields: { country }, type: 'text/csv' },
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
      expect(checked.body).toContain('name="unanswered" value="new"');
      const unanswered = await visitor.post(`${importPage}/commit`, {});
      expect(unanswered.statusCode).toBe(409);
      const commit = await visitor.post(`${importPage}/commit`, { unanswered: 'new' });
      expect(commit.statusCode).toBe(303);
      expect(commit.headers.location).toMatch(/\?job=/);
      const done = await until(commit.headers.location as string, 'Imported: 8 trainees.');
      expect(done.body).toContain('1 new person has possible matches: review them in the duplicate queue.');
    });

    it('reviews the duplicate queue: different people, a merge choosing fields, and its undo', async () => {
      const visitor = await signedIn(officer);
      const surname = uniqueSurname();
      const a = await createTrainee(app.dataSource, { countryCode: country, fullName: `${surname} Бакыт` });
      const b = await createTrainee(app.dataSource, { countryCode: country, fullName: `${surname} Бакыт` });
      const c = await createTrainee(app.dataSource, { countryCode: country, fullName: `${surname} Бакит` });
      const queue = await visitor.get(`/registry/duplicates?search=${encodeURIComponent(surname)}`);
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
      expect((await visitor.get(`/registry/duplicates?search=${encodeURIComponent(surname)}`)).body).not.toMatch(
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
