import { Role } from '@cascade/auth';

import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the error shape', () => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp();
    // Kyrgyz is this user's preference: it wins over the Accept-Language of a request.
    admin = bearer(
      (await signIn(app, await createUser(app.dataSource, { role: Role.Admin, locale: 'ky' }))).accessToken,
    );
  });
  afterAll(() => app.close());

  it('answers an unknown route with 404 in the standard shape, in the requested language', async () => {
    const res = await app.request({
      method: 'GET',
      url: '/no-such-thing?name=x',
      headers: { 'accept-language': 'tg' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      statusCode: 404,
      code: 'route_not_found',
      message: 'Дар ин API GET /no-such-thing вуҷуд надорад.',
      requestId: res.headers['x-request-id'],
    });
    expect(res.headers['content-language']).toBe('tg');
  });

  it('refuses malformed JSON with 400, not 500', async () => {
    const res = await app.request({
      method: 'POST',
      url: '/system/data-inventory',
      headers: { 'content-type': 'application/json', 'accept-language': 'ru' },
      payload: '{"unfinished": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_json', message: 'Тело запроса не является корректным JSON.' });
  });

  it('refuses a content type it does not parse with 415', async () => {
    const res = await app.request({
      method: 'POST',
      url: '/system/data-inventory',
      headers: { 'content-type': 'application/xml' },
      payload: '<inventory/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('refuses a body over the limit with 413 naming the limit', async () => {
    const res = await app.request({
      method: 'POST',
      url: '/system/data-inventory',
      headers: { 'content-type': 'application/json', 'accept-language': 'uk' },
      payload: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      code: 'payload_too_large',
      message: 'Тіло запиту більше за дозволені 1048576 байтів.',
    });
  });

  it("lists each invalid field with a message in the signed-in user's language", async () => {
    const res = await app.request({
      method: 'GET',
      url: '/jobs/reports/%20bad%20id',
      headers: { ...admin, 'accept-language': 'ru' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.message).toBe('Айрым талаалар туура эмес толтурулган: каталардын тизмесин караңыз.');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        {
          field: 'queue',
          code: 'isEnum',
          message:
            'төмөнкүлөрдүн бирин тандаңыз: system, certificates, exports, imports, duplicates, messages же follow-up.',
        },
        { field: 'id', code: 'matches', message: 'туура эмес форматта.' },
      ]),
    );
  });

  it('keeps a caller-supplied request id and makes one otherwise', async () => {
    const kept = await app.request({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'trace-0123456789' } });
    expect(kept.headers['x-request-id']).toBe('trace-0123456789');
    expect(kept.json().requestId).toBe('trace-0123456789');
    const made = await app.request({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': '<script>' } });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the language of an answer', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const cases: [string | undefined, string][] = [
    [undefined, 'en'],
    ['ru', 'ru'],
    ['ky-KG,ky;q=0.9,ru;q=0.8', 'ky'],
    ['de-DE,tg;q=0.5', 'tg'],
    ['fr, de', 'en'],
    ['uk;q=0.4, ru;q=0.7', 'ru'],
  ];
  it.each(cases)('Accept-Language %p answers in %p', async (header, locale) => {
    const error = await app.request({
      method: 'GET',
      url: '/missing',
      headers: header ? { 'accept-language': header } : {},
    });
    expect(error.headers['content-language']).toBe(locale);
  });
});
