import { Role } from '@cascade/auth';
import { translate } from '@cascade/i18n';

import { assignTrainer, createEvent, createTrainee, createTrainer, enroll } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { HTML, Visitor } from '../support/web.js';

const today = () => new Date().toISOString().slice(0, 10);

describe('web pages: errors for people, the script policy, the refused long form', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers an unknown address with a page in the layout and the language when a browser asks', async () => {
    const page = await new Visitor(app, 'ky').get('/no-such-page');
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<html lang="ky">');
    expect(page.body).toContain(`<h1>${translate('ky', 'web.error.title_404')}</h1>`);
    expect(page.body).toContain('menu-toggle');

    // A program gets the API's JSON, as before.
    const json = await app.request({ method: 'GET', url: '/no-such-page', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(404);
    expect(json.json()).toMatchObject({ statusCode: 404, code: 'route_not_found' });
    const plain = await app.request({ method: 'GET', url: '/no-such-page' });
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers a page the role may not open with 403 in the layout, in Tajik', async () => {
    const donor = await createUser(app.dataSource, { role: Role.Donor, countries: ['KG'], locale: 'tg' });
    const visitor = new Visitor(app, 'tg');
    await visitor.signIn(donor.email, donor.password);
    const page = await visitor.get('/trainer');
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('<html lang="tg">');
    expect(page.body).toContain(`<h1>${translate('tg', 'web.error.title_403')}</h1>`);
    // An API route opened in a browser gets the same page; the same route asked by a program, JSON.
    const api = await app.request({
      method: 'GET',
      url: '/events/00000000-0000-4000-8000-000000000000',
      headers: { ...HTML, 'accept-language': 'tg', ...visitor.jar.header() },
    });
    expect(api.body).toContain('<html lang="tg">');
  });

  it('sends a Content-Security-Policy whose scripts come only from the site, no inline script', async () => {
    for (const url of ['/sign-in', '/api/docs', '/no-such-page']) {
      const res = await app.request({ method: 'GET', url, headers: HTML });
      const policy = String(res.headers['content-security-policy']);
      const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(policy)?.[1];
      expect([url, scriptSrc]).toEqual([url, "'self'"]);
      expect(policy).toMatch(/script-src-attr 'none'/);
      expect(res.body).not.toMatch(/<script(?![^>]*(?:\bsrc=|type="application\/json"))/);
      expect(res.body).not.toMatch(/\son[a-z]+="/);
    }
  });

  it('puts a summary of a refused scores form first, linking each field, with the message beside it', async () => {
    const user = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'], locale: 'ky' });
    const trainerId = await createTrainer(app.dataSource, { userId: user.id });
    const eventId = await createEvent(app.dataSource, { startDate: today(), endDate: today() });
    await assignTrainer(app.dataSource, eventId, trainerId);
    const trainees: string[] = [];
    for (let row = 1; row <= 16; row++) {
      const id = await createTrainee(app.dataSource, { fullName: `Асел Бекова ${row}` });
      await enroll(app.dataSource, eventId, id);
      trainees.push(id);
    }
    const visitor = new Visitor(app, 'ky');
    await visitor.signIn(user.email, user.password);
    await visitor.get(`/trainer/events/${eventId}/scores`);
    const last = trainees[15];
    const res = await visitor.post(`/trainer/events/${eventId}/scores`, { [`post.${last}`]: '150' });
    expect(res.statusCode).toBe(400);
    const summary = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(res.body);
    expect(summary?.[0]).toContain('tabindex="-1"');
    expect(summary?.[1]).toContain(translate('ky', 'web.form_summary.title'));
    expect(summary?.[1]).toContain(`<a href="#post-${last}">Асел Бекова 16, ${translate('ky', 'web.scores.post')}: `);
    // The summary comes before the form; the field keeps its own message and what was typed.
    expect(res.body.indexOf('error-summary')).toBeLessThan(res.body.indexOf('<form method="post" action="/trainer'));
    expect(res.body).toMatch(new RegExp(`id="post-${last}"[^>]*value="150"[^>]*aria-invalid="true"`));
    expect(res.body).toContain(`id="post-${last}-error"`);
  });
});
