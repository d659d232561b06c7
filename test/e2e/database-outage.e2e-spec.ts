import { Role } from '@cascade/auth';

import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp, testConfig, testDatabaseUrl } from '../support/test-app.js';

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    last = await probe();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`condition not met in 10 s; last value: ${JSON.stringify(last)}`);
}

describe('when the database goes away', () => {
  const proxy = TcpProxy.forUrl(testDatabaseUrl());
  let app: TestApp;
  let officer: Record<string, string>;

  beforeAll(async () => {
    await proxy.start();
    app = await startTestApp(testConfig({}, proxy.rewrite(testDatabaseUrl())));
    officer = bearer((await signIn(app, await createUser(app.dataSource, { role: Role.ProgramOfficer }))).accessToken);
  });
  afterAll(async () => {
    await app.close();
    await proxy.cut();
  });

  it('reports it on /health with 503, answers requests with a clear 503, and recovers when it returns', async () => {
    const healthy = await app.request({ method: 'GET', url: '/health' });
    expect(healthy.statusCode).toBe(200);

    await proxy.cut();

    const health = await app.request({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });

    const request = await app.request({
      method: 'GET',
      url: '/countries',
      headers: { ...officer, 'accept-language': 'ru' },
    });
    expect(request.statusCode).toBe(503);
    expect(request.json()).toMatchObject({
      statusCode: 503,
      code: 'database_unavailable',
      message: 'База данных сейчас недоступна. Повторите попытку чуть позже.',
    });

    await proxy.start();

    await eventually(
      () => app.request({ method: 'GET', url: '/health' }),
      (res) => res.statusCode === 200,
    );
    const countries = await app.request({ method: 'GET', url: '/countries', headers: officer });
    expect(countries.statusCode).toBe(200);
  });
});
