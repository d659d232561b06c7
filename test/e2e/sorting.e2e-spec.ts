import { Role } from '@cascade/auth';

import { createEvent } from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('sorting lists', () => {
  let app: TestApp;
  let officer: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp();
    officer = bearer((await signIn(app, await createUser(app.dataSource, { role: Role.ProgramOfficer }))).accessToken);
    for (const startDate of ['2031-03-01', '2031-01-10', '2031-02-20']) {
      await createEvent(app.dataSource, { startDate, endDate: startDate });
    }
  });
  afterAll(() => app.close());

  const startDates = async (sort: string) => {
    const res = await app.request({
      method: 'GET',
      url: `/events?from=2031-01-01&to=2031-12-31&sort=${sort}`,
      headers: officer,
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ items: { startDate: string }[] }>().items.map((event) => event.startDate);
  };

  it('sorts up by a field, and down with a leading "-", in SQL before paging', async () => {
    const up = await startDates('startDate');
    const down = await startDates('-startDate');
    expect(up).toEqual([...up].sort());
    expect(down).toEqual([...up].reverse());
    expect(up.slice(0, 3)).toEqual(['2031-01-10', '2031-02-20', '2031-03-01']);
  });

  it('refuses a field the list cannot be sorted by, naming the ones it can', async () => {
    const res = await app.request({ method: 'GET', url: '/events?sort=venue', headers: officer });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'sort',
        code: 'isIn',
        message:
          'choose one of: startDate, -startDate, endDate, -endDate, status, -status, createdAt, -createdAt, upcoming, or -upcoming.',
      },
    ]);
  });
});
