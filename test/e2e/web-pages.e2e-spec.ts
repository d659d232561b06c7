import { gunzipSync } from 'node:zlib';

import { Role } from '@cascade/auth';

import {
  assignTrainer,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { HTML, Visitor } from '../support/web.js';

const today = () => new Date().toISOString().slice(0, 10);

describe('web pages', () => {
  let app: TestApp;
  let trainerUser: TestUser;
  let eventId: string;
  let sessionId: string;
  const trainees: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    trainerUser = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'] });
    const trainerId = await createTrainer(app.dataSource, { userId: trainerUser.id });
    eventId = await createEvent(app.dataSource, { startDate: today(), endDate: today() });
    await assignTrainer(app.dataSource, eventId, trainerId);
    sessionId = await createSession(app.dataSource, eventId, { date: today() });
    for (const name of ['Айбек Токтогулов', 'Гүлнара <b>Осмонова</b>']) {
      const id = await createTrainee(app.dataSource, { fullName: name });
      await enroll(app.dataSource, eventId, id);
      trainees.push(id);
    }
  });
  afterAll(() => app.close());

  it('signs a trainer in with the form and goes straight to their events', async () => {
    const visitor = new Visitor(app, 'ru');
    const page = await visitor.get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<html lang="ru">');
    expect(page.body).toContain('Вход в Cascade');
    const res = await visitor.signIn(trainerUser.email, trainerUser.password);
    expect(res.headers.location).toBe('/');
    expect(visitor.jar.cookies.has('cascade_access')).toBe(true);
    const home = await visitor.get('/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/trainer');
    const events = await visitor.get('/trainer');
    expect(events.statusCode).toBe(200);
    expect(events.body).toContain(`/trainer/events/${eventId}`);
    // Signed in, the account's language (English here) wins over the browser's.
    expect(events.body).toContain('My events');
  });

  it('refuses a form without its CSRF token, and a wrong password, keeping the email', async () => {
    const visitor = new Visitor(app);
    await visitor.get('/sign-in');
    const forged = await visitor.post('/sign-in', { email: trainerUser.email, password: 'x' }, { csrf: null });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('security token');
    const wrong = await visitor.post('/sign-in', { email: trainerUser.email, password: 'wrong password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('The email or the password is wrong.');
    expect(wrong.body).toContain(`value="${trainerUser.email}"`);
    const empty = await visitor.post('/sign-in', { email: '', password: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="email-error"');
  });

  it('sends a visitor without a session to sign in, and back to the page afterwards', async () => {
    const visitor = new Visitor(app);
    const page = await visitor.get(`/trainer/sessions/${sessionId}`);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/auth/resume?returnTo=${encodeURIComponent(`/trainer/sessions/${sessionId}`)}`);
    const resume = await visitor.get(page.headers.location as string);
    expect(resume.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(`/trainer/sessions/${sessionId}`)}`);
    await visitor.get(resume.headers.location as string);
    const signedIn = await visitor.post('/sign-in', {
      email: trainerUser.email,
      password: trainerUser.password,
      returnTo: `/trainer/sessions/${sessionId}`,
    });
    expect(signedIn.headers.location).toBe(`/trainer/sessions/${sessionId}`);
  });

  it('renews an expired access cookie with the refresh cookie, and goes back', async () => {
    const visitor = new Visitor(app);
    await visitor.signIn(trainerUser.email, trainerUser.password);
    visitor.jar.cookies.delete('cascade_access');
    const page = await visitor.get('/trainer');
    expect(page.statusCode).toBe(303);
    const resume = await visitor.get(page.headers.location as string);
    expect(resume.headers.location).toBe('/trainer');
    expect((await visitor.get('/trainer')).statusCode).toBe(200);
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)'])(
    'never sends anyone to another site after sign-in (%p)',
    async (returnTo) => {
      const visitor = new Visitor(app);
      await visitor.get('/sign-in');
      const res = await visitor.post('/sign-in', {
        email: trainerUser.email,
        password: trainerUser.password,
        returnTo,
      });
      expect(res.headers.location).toBe('/');
    },
  );

  it('shows a page nobody may see as the API would refuse it: another trainer’s roster is not found', async () => {
    const other = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'] });
    const visitor = new Visitor(app);
    await visitor.signIn(other.email, other.password);
    const res = await visitor.get(`/trainer/sessions/${sessionId}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Page not found');
    expect(res.body).not.toContain('Токтогулов');

    const donor = await createUser(app.dataSource, { role: Role.Donor, countries: ['KG'] });
    const donorVisitor = new Visitor(app);
    await donorVisitor.signIn(donor.email, donor.password);
    expect((await donorVisitor.get('/trainer')).statusCode).toBe(403);
    // A program asking the same page gets the API's JSON error.
    const json = await app.request({ method: 'GET', url: '/trainer', headers: donorVisitor.jar.header() });
    expect(json.json()).toMatchObject({ statusCode: 403, code: 'forbidden' });
  });

  it('saves a roster sent without script, and escapes the names', async () => {
    const visitor = new Visitor(app);
    await visitor.signIn(trainerUser.email, trainerUser.password);
    const page = await visitor.get(`/trainer/sessions/${sessionId}`);
    expect(page.body).toContain('Гүлнара &lt;b&gt;Осмонова&lt;/b&gt;');
    const res = await visitor.post(`/trainer/sessions/${sessionId}`, {
      [`status.${trainees[0]}`]: 'present',
      [`status.${trainees[1]}`]: 'late',
    });
    expect(res.statusCode).toBe(303);
    const marks = await app.dataSource.query<{ trainee_id: string; status: string }[]>(
      'SELECT trainee_id, status FROM attendance_marks WHERE session_id = $1 ORDER BY status',
      [sessionId],
    );
    expect(marks).toEqual([
      { trainee_id: trainees[0], status: 'present' },
      { trainee_id: trainees[1], status: 'late' },
    ]);
  });

  it('keeps typed scores and shows each error beside its field', async () => {
    const visitor = new Visitor(app, 'ky');
    await visitor.signIn(trainerUser.email, trainerUser.password);
    const res = await visitor.post(`/trainer/events/${eventId}/scores`, {
      [`pre.${trainees[0]}`]: '55',
      [`post.${trainees[0]}`]: '101',
      [`pre.${trainees[1]}`]: 'abc',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`id="post-${trainees[0]}-error"`);
    expect(res.body).toContain('value="101"');
    expect(res.body).toContain('value="abc"');
    expect(res.body).toContain('value="55"');
    const saved = await visitor.post(`/trainer/events/${eventId}/scores`, {
      [`pre.${trainees[0]}`]: '55',
      [`post.${trainees[0]}`]: '80',
    });
    expect(saved.statusCode).toBe(303);
    const [row] = await app.dataSource.query<{ pre_score: number; post_score: number }[]>(
      'SELECT pre_score, post_score FROM assessments WHERE event_id = $1 AND trainee_id = $2',
      [eventId, trainees[0]],
    );
    expect(row).toEqual({ pre_score: 55, post_score: 80 });
  });

  it('remembers the language: on the account when signed in, in a cookie otherwise', async () => {
    const user = await createUser(app.dataSource, { role: Role.Trainer, countries: ['KG'] });
    const visitor = new Visitor(app, 'en');
    await visitor.signIn(user.email, user.password);
    const res = await visitor.post('/language', { locale: 'tg', returnTo: '/trainer' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/trainer');
    const [{ locale }] = await app.dataSource.query<{ locale: string }[]>('SELECT locale FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(locale).toBe('tg');
    expect((await visitor.get('/trainer')).body).toContain('<html lang="tg">');

    const anonymous = new Visitor(app, 'en');
    await anonymous.get('/sign-in');
    await anonymous.post('/language', { locale: 'uk', returnTo: '/sign-in' });
    expect((await anonymous.get('/sign-in')).body).toContain('Вхід до Cascade');
  });

  it('gzips pages and assets for browsers that accept it, and caches assets for a year', async () => {
    const page = await app.request({ method: 'GET', url: '/sign-in', headers: { ...HTML, 'accept-encoding': 'gzip' } });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.rawPayload).toString()).toContain('<html');
    const css = (page.body.match(/\/assets\/app\.css\?v=\w+/) ?? [''])[0];
    const cssPlain = await app.request({ method: 'GET', url: '/sign-in', headers: HTML });
    const href = (cssPlain.body.match(/\/assets\/app\.css\?v=\w+/) ?? [css])[0];
    const asset = await app.request({ method: 'GET', url: href, headers: { 'accept-encoding': 'gzip' } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(asset.rawPayload).toString()).toContain('.roster');
  });

  it('serves the service worker from the root with this build’s asset list, never cached', async () => {
    const res = await app.request({ method: 'GET', url: '/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toMatch(/var BUILD = \{"version":"\w+","shell":\["\/assets\//);
  });
});
