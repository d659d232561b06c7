import { startTestApp, type TestApp } from '../support/test-app.js';

describe('health and API documentation', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('reports the database and the PostgreSQL queue backend up', async () => {
    const res = await app.request({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, queue: { status: 'up', backend: 'postgres' } },
    });
  });

  it('serves the OpenAPI document with every route and the error shape', async () => {
    const res = await app.request({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health', '/countries', '/jobs/{queue}/{id}', '/system/data-inventory']),
    );
    expect(document.components.schemas.ErrorResponseDto.required).toEqual(
      expect.arrayContaining(['statusCode', 'code', 'message', 'requestId']),
    );
  });

  it('serves the interactive documentation page', async () => {
    const res = await app.request({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
