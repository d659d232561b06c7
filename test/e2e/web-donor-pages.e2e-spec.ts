import type { INestApplicationContext } from '@nestjs/common';

import { createReportCountry } from '../factories/report-country.js';
import type { TestUser } from '../factories/users.js';
import { startTestApp, startTestWorker, type TestApp, testConfig } from '../support/test-app.js';
import { exportedFile, Visitor } from '../support/web.js';

describe('web pages: the donor', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let country: string;
  let donor: TestUser;
  let officer: TestUser;
  let trainer: TestUser;
  let names: string[];
  const year = new Date().getUTCFullYear();

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
    ({ country, donor, officer, trainer, names } = await createReportCountry(app.dataSource, year));
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

    it('offers the fixed periods only, and shows a period typed in the address beside the picker', async () => {
      const visitor = await signedIn(donor);
      const page = await visitor.get(`/donor/countries/${country}?period=${year}-01-01_${year}-06-30`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<select id="period-period" name="period"');
      expect(page.body).toContain(`<option value="${year}-01-01_${year}-06-30" selected>`);
      for (const value of [
        `${year}-01-01_${year}-12-31`,
        `${year}-07-01_${year}-09-30`,
        `${year - 1}-10-01_${year - 1}-12-31`,
      ]) {
        expect(page.body).toContain(`<option value="${value}"`);
      }
      // No free dates to type: a donor picks a period from the list.
      expect(page.body).not.toContain('id="period-from"');
      expect(page.body).toContain('larger counts are rounded to the nearest multiple of 10');
      // The export form carries the chosen period.
      expect(page.body).toContain(`name="to" value="${year}-06-30"`);

      const free = await visitor.get(`/donor/countries/${country}?from=${year}-01-01&to=${year}-03-24`);
      expect(free.statusCode).toBe(400);
      expect(free.body).toContain('id="period-period-error"');
      expect(free.body).toContain('is not a period donors can choose');
      const reversed = await visitor.get(`/donor/countries/${country}?from=${year}-12-31&to=${year}-01-01`);
      expect(reversed.statusCode).toBe(400);
      expect(reversed.body).toContain('id="period-period-error"');
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
});
