import { randomUUID } from 'node:crypto';

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { LightMyRequestResponse } from 'fastify';

import { type Permission, PUBLIC_ROUTE, REQUIRED_PERMISSION, Role, ROLE_PERMISSIONS } from '@cascade/auth';

import { createUser, type TestUser } from '../factories/users.js';
import { bearer, signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** One route of the API and who may call it, as its decorators declare. */
interface RouteAccess {
  method: string;
  path: string;
  /** 'public' for @Public() routes, the required permission, or 'NONE' when a route declares neither. */
  permission: Permission | 'public' | 'NONE';
  roles: Role[];
  /** False for the web pages' controllers (@ApiExcludeController): routes for browsers, not the API's document. */
  documented: boolean;
}

const ROLES = Object.values(Role);

/** Every route of the running app, read from its controllers' metadata the way the AccessGuard reads it. */
function routeTable(app: TestApp): RouteAccess[] {
  const discovery = app.api.get(DiscoveryService);
  const reflector = app.api.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: RouteAccess[] = [];

  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
    // What @ApiExcludeController() sets (@nestjs/swagger does not export its metadata keys).
    const excluded = Reflect.getMetadata('swagger/apiExcludeController', controller) as boolean[] | undefined;

    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (paths === undefined) continue; // a helper method, not a route
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      // Handler first, then class: exactly the guard's getAllAndOverride.
      const targets = [handler, controller];
      const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets);
      const required = reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
      const permission = isPublic ? 'public' : (required ?? 'NONE');
      const roles = required && !isPublic ? ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(required)) : [];

      for (const prefix of prefixes) {
        for (const path of asArray(paths)) {
          routes.push({ method, path: joinPath(prefix, path), permission, roles, documented: !excluded?.[0] });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

const asArray = (value: string | string[] | undefined): string[] =>
  value === undefined ? [''] : Array.isArray(value) ? value : [value];

const joinPath = (...parts: string[]): string =>
  '/' +
  parts
    .join('/')
    .split('/')
    .filter((segment) => segment !== '')
    .join('/');

/**
 * The table as aligned text: method, path, permission, roles. The columns have fixed widths
 * (a longer cell just pushes its line), so a new route changes one line of the snapshot, not all.
 */
function formatTable(routes: RouteAccess[]): string {
  const widths = [8, 36, 24];
  return routes
    .map((r) => [r.method, r.path, r.permission, r.permission === 'public' ? '' : r.roles.join(', ')])
    .map((row) => row.map((cell, column) => cell.padEnd((widths[column] ?? 0) - 1)).join(' '))
    .map((line) => line.trimEnd())
    .join('\n');
}

/** Harmless values for path parameters: they pass validation, but name nothing of anyone's. */
const PARAM_VALUES: Record<string, () => string> = {
  id: () => randomUUID(),
  eventId: () => randomUUID(),
  sessionId: () => randomUUID(),
  code: () => 'KG',
  queue: () => 'system',
  trainedById: () => randomUUID(),
  step: () => 'observed',
  enrollmentId: () => randomUUID(),
  kind: () => 'trainees',
  country: () => 'KG',
};

function urlFor(path: string): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = PARAM_VALUES[name];
    if (!value) throw new Error(`no test value for the path parameter :${name} of ${path}: add one to PARAM_VALUES`);
    return value();
  });
}

function requestTo(route: RouteAccess, headers: Record<string, string>) {
  const hasBody = route.method === 'POST' || route.method === 'PATCH' || route.method === 'PUT';
  return {
    method: route.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: urlFor(route.path),
    headers,
    ...(hasBody ? { payload: {} } : {}),
  };
}

/** The `code` of an error answer; undefined for an empty (204) or non-JSON answer. */
function errorCode(res: LightMyRequestResponse): unknown {
  try {
    return res.json<{ code?: unknown }>().code;
  } catch {
    return undefined;
  }
}

/** The country codes of a GET /countries answer. */
const codesOf = (res: LightMyRequestResponse): string[] =>
  res.json<{ code: string }[]>().map((country) => country.code);

/** An error answer without its request id, which differs on every request. */
function withoutRequestId(res: LightMyRequestResponse): Record<string, unknown> {
  const body = res.json<Record<string, unknown>>();
  delete body.requestId;
  return body;
}

describe('access control', () => {
  let app: TestApp;
  let table: RouteAccess[];
  /** A signed-in user of each role; non-admins work in Kyrgyzstan only. */
  const signedIn = {} as Record<Role, { user: TestUser; headers: Record<string, string> }>;

  async function signedInAs(role: Role, countries?: string[]) {
    const user = await createUser(app.dataSource, { role, countries });
    return { user, headers: bearer((await signIn(app, user)).accessToken) };
  }

  beforeAll(async () => {
    app = await startTestApp();
    table = routeTable(app);
    for (const role of ROLES) signedIn[role] = await signedInAs(role, role === Role.Admin ? [] : ['KG']);
  });
  afterAll(() => app.close());

  describe('the permission table', () => {
    it('lists every route with the permission it needs and the roles that have it', () => {
      expect(formatTable(table)).toMatchSnapshot();
    });

    it('has no route that declares neither @Public() nor a permission', () => {
      expect(table.filter((route) => route.permission === 'NONE')).toEqual([]);
    });

    it('is the same list of routes the OpenAPI document describes, each with its answers', async () => {
      const document = (await app.request({ method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
      }>();
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      expect(documented.sort()).toEqual(
        table
          .filter((route) => route.documented)
          .map((route) => `${route.method} ${route.path}`)
          .sort(),
      );
      const withoutAnswers = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => Object.keys(operation.responses ?? {}).length === 0)
          .map(([method]) => `${method} ${path}`),
      );
      expect(withoutAnswers).toEqual([]);
    });
  });

  describe('every role against every route', () => {
    const guarded = () => table.filter((route) => route.permission !== 'public' && route.permission !== 'NONE');

    it.each(ROLES)('answers %s with 403 exactly where the role lacks the permission', async (role) => {
      const mismatches: string[] = [];
      for (const route of guarded()) {
        const res = await app.request(requestTo(route, signedIn[role].headers));
        const allowed = route.roles.includes(role);
        const label = `${route.method} ${route.path} (${route.permission})`;
        if (!allowed && (res.statusCode !== 403 || errorCode(res) !== 'forbidden')) {
          mismatches.push(`${label}: expected 403 forbidden, got ${res.statusCode} ${res.body}`);
        }
        if (allowed && (res.statusCode === 401 || res.statusCode === 403)) {
          mismatches.push(`${label}: expected to get past the guard, got ${res.statusCode} ${res.body}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('answers every guarded route without a token with 401', async () => {
      const mismatches: string[] = [];
      for (const route of guarded()) {
        const res = await app.request(requestTo(route, {}));
        if (res.statusCode !== 401 || errorCode(res) !== 'unauthorized') {
          mismatches.push(`${route.method} ${route.path}: got ${res.statusCode} ${res.body}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('answers every guarded route with a garbage token with 401', async () => {
      const mismatches: string[] = [];
      for (const route of guarded()) {
        const res = await app.request(requestTo(route, { authorization: 'Bearer abc.def.ghi' }));
        if (res.statusCode !== 401 || errorCode(res) !== 'unauthorized') {
          mismatches.push(`${route.method} ${route.path}: got ${res.statusCode} ${res.body}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  describe('records outside one’s scope', () => {
    it('shows a Kyrgyzstan program officer only Kyrgyzstan', async () => {
      const officer = signedIn[Role.ProgramOfficer].headers;
      const list = await app.request({ method: 'GET', url: '/countries', headers: officer });
      expect(list.statusCode).toBe(200);
      expect(codesOf(list)).toEqual(['KG']);
      expect((await app.request({ method: 'GET', url: '/countries/KG', headers: officer })).statusCode).toBe(200);
    });

    it('answers a country outside the scope exactly as one that does not exist', async () => {
      const officer = signedIn[Role.ProgramOfficer].headers;
      const outside = await app.request({ method: 'GET', url: '/countries/TJ', headers: officer });
      const missing = await app.request({ method: 'GET', url: '/countries/XX', headers: officer });
      expect(outside.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(withoutRequestId(outside)).toEqual(withoutRequestId(missing));
      expect(outside.json()).toMatchObject({ statusCode: 404, code: 'not_found' });
    });

    it('shows an officer of Tajikistan and Ukraine both of their countries and no other', async () => {
      const { headers } = await signedInAs(Role.ProgramOfficer, ['TJ', 'UA']);
      const list = await app.request({ method: 'GET', url: '/countries', headers });
      expect(codesOf(list)).toEqual(['TJ', 'UA']);
      expect((await app.request({ method: 'GET', url: '/countries/TJ', headers })).statusCode).toBe(200);
      expect((await app.request({ method: 'GET', url: '/countries/UA', headers })).statusCode).toBe(200);
      expect((await app.request({ method: 'GET', url: '/countries/KG', headers })).statusCode).toBe(404);
    });

    it('shows an admin every country', async () => {
      const admin = signedIn[Role.Admin].headers;
      const list = await app.request({ method: 'GET', url: '/countries', headers: admin });
      // Other test files may add countries to the shared database: these three are there at least.
      expect(codesOf(list)).toEqual(expect.arrayContaining(['KG', 'TJ', 'UA']));
      expect((await app.request({ method: 'GET', url: '/countries/TJ', headers: admin })).statusCode).toBe(200);
    });

    it('never shows a donor a user record, not even one that exists', async () => {
      const someone = signedIn[Role.Trainer].user;
      const res = await app.request({
        method: 'GET',
        url: `/users/${someone.id}`,
        headers: signedIn[Role.Donor].headers,
      });
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('forbidden');
    });

    it("shows a job's status only to the user who started it and to admins", async () => {
      // No worker runs here: the job just waits in its queue, which is all this needs.
      const started = await app.request({
        method: 'POST',
        url: '/system/data-inventory',
        headers: signedIn[Role.Admin].headers,
      });
      expect(started.statusCode).toBe(202);
      const { statusUrl } = started.json<{ jobId: string; statusUrl: string }>();

      const byTrainer = await app.request({ method: 'GET', url: statusUrl, headers: signedIn[Role.Trainer].headers });
      expect(byTrainer.statusCode).toBe(403); // trainers lack jobs:read altogether
      expect(errorCode(byTrainer)).toBe('forbidden');

      const byOfficer = await app.request({
        method: 'GET',
        url: statusUrl,
        headers: signedIn[Role.ProgramOfficer].headers,
      });
      expect(byOfficer.statusCode).toBe(404); // may read jobs, but not this one
      expect(errorCode(byOfficer)).toBe('job_not_found');

      const byAdmin = await app.request({ method: 'GET', url: statusUrl, headers: signedIn[Role.Admin].headers });
      expect(byAdmin.statusCode).toBe(200);
    });
  });

  describe('changes to a signed-in user', () => {
    it('applies a role change to a token already issued', async () => {
      const adminA = signedIn[Role.Admin].headers;
      const adminB = await signedInAs(Role.Admin);
      expect((await app.request({ method: 'GET', url: '/users', headers: adminB.headers })).statusCode).toBe(200);

      const demoted = await app.request({
        method: 'PATCH',
        url: `/users/${adminB.user.id}`,
        headers: adminA,
        payload: { role: Role.ProgramOfficer, countries: ['KG'] },
      });
      expect(demoted.statusCode).toBe(200);
      expect(demoted.json()).toMatchObject({ role: Role.ProgramOfficer });

      const after = await app.request({ method: 'GET', url: '/users', headers: adminB.headers });
      expect(after.statusCode).toBe(403);
      expect(errorCode(after)).toBe('forbidden');
      // The same token still works, with the new role's scope.
      const countries = await app.request({ method: 'GET', url: '/countries', headers: adminB.headers });
      expect(codesOf(countries)).toEqual(['KG']);
    });

    it('refuses the still-valid token of a user deactivated since signing in', async () => {
      const trainer = await signedInAs(Role.Trainer, ['KG']);
      expect((await app.request({ method: 'GET', url: '/me', headers: trainer.headers })).statusCode).toBe(200);

      const deactivated = await app.request({
        method: 'PATCH',
        url: `/users/${trainer.user.id}`,
        headers: signedIn[Role.Admin].headers,
        payload: { active: false },
      });
      expect(deactivated.statusCode).toBe(200);

      const after = await app.request({ method: 'GET', url: '/me', headers: trainer.headers });
      expect(after.statusCode).toBe(401);
      expect(errorCode(after)).toBe('unauthorized');
    });
  });
});
