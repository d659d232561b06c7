import fc from 'fast-check';

import { Role } from '@cascade/auth';

import { bodyFor, problemWith, queryFor, urlFor, useHostileInputFixture } from '../support/hostile-input.js';

/** Hostile input (the fixture and the hostile values: test/support/hostile-input.ts). */
describe('hostile input on every route that reads a body or a query', () => {
  const setup = useHostileInputFixture();
  const { tokens } = setup;
  let { app, routes, fixture } = setup;
  beforeAll(() => ({ app, routes, fixture } = setup));

  it('finds the routes (the access snapshot lists them all)', () => {
    expect(routes.filter((r) => r.body).length).toBeGreaterThan(30);
    expect(routes.filter((r) => r.query).length).toBeGreaterThan(10);
  });

  it.each([
    ['an array', []],
    ['an array of objects', [{ name: 'x' }]],
    ['a string', 'text'],
    ['a number', 42],
    ['null', null],
  ])('answers %s where an object is expected with 400 body_not_object, on every route', async (_, body) => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.takesBody)) {
      const res = await app.request({
        method: route.method,
        url: urlFor(route, fixture),
        headers: {
          ...(route.isPublic ? {} : tokens[Role.Admin]),
          'content-type': 'application/json',
          'accept-language': 'uk',
        },
        payload: JSON.stringify(body),
      });
      if (res.statusCode !== 400 || res.json<{ code: string }>().code !== 'body_not_object') {
        wrong.push(`${route.method} ${route.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([Role.ProgramOfficer, Role.Admin])(
    'answers no 5xx and only the error shape, as %s',
    async (role) => {
      const problems: string[] = [];
      const timings: string[] = [];
      for (const route of routes) {
        const started = Date.now();
        const request = fc.record({
          query: route.query || route.method === 'GET' ? queryFor(route, fixture) : fc.constant(''),
          body: route.takesBody ? bodyFor(route, fixture) : fc.constant(undefined),
        });
        await fc
          .assert(
            fc.asyncProperty(request, async ({ query, body }) => {
              const url = `${urlFor(route, fixture)}${query ? `?${query}` : ''}`;
              const res = await app.request({
                method: route.method,
                url,
                headers: {
                  ...(route.isPublic ? {} : tokens[role]),
                  'accept-language': 'ky',
                  ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                },
                ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
              });
              const problem = problemWith(route, res);
              if (problem) throw new Error(`${route.method} ${url.slice(0, 200)}: ${problem}`);
            }),
            {
              numRuns: Number(process.env.INPUT_FUZZ_RUNS ?? 12),
              // A share of the time budget per route: the slow ones (a password check hashes) run fewer cases.
              interruptAfterTimeLimit: Number(process.env.INPUT_FUZZ_BUDGET_MS ?? 20_000) / routes.length,
              markInterruptAsFailure: false,
              endOnFailure: true,
            },
          )
          .then(() => timings.push(`${route.method} ${route.path} ${Date.now() - started} ms`))
          .catch((error: Error) => {
            // A route whose first case alone outlasts its share of the budget is not a finding.
            if (!error.message.startsWith('Property interrupted')) {
              problems.push((error.cause as Error | undefined)?.message ?? error.message);
            }
          });
      }
      if (process.env.INPUT_FUZZ_TIMINGS) console.log(timings.join('\n'));
      expect(problems).toEqual([]);
    },
    600_000,
  );
});
