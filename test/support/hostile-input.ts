import { randomUUID } from 'node:crypto';

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';

import { PUBLIC_ROUTE, Role } from '@cascade/auth';

import {
  assignTrainer,
  createCourse,
  createEvent,
  createSession,
  createTrainee,
  createTrainer,
  enroll,
} from '../factories/training.js';
import { createUser } from '../factories/users.js';
import { bearer, signIn } from './auth.js';
import { startTestApp, type TestApp } from './test-app.js';

/** A route that reads a body or a query, with the DTO classes it validates them against. */
export interface InputRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Reads a body: the DTO class it is validated against, or undefined for a web form's raw fields. */
  takesBody: boolean;
  body?: DtoClass;
  query?: DtoClass;
  isPublic: boolean;
  /** The web pages' controllers answer HTML; the JSON error shape is asserted for the API's routes. */
  documented: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DtoClass = new (...args: any[]) => object;

const DTO_PRIMITIVES = new Set<unknown>([String, Number, Boolean, Object, Array, undefined]);

/** Every route of the running app that takes a body or a query, read from its controllers' metadata. */
export function inputRoutes(app: TestApp): InputRoute[] {
  const discovery = app.api.get(DiscoveryService);
  const reflector = app.api.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: InputRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    const prefix = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
    const excluded = Reflect.getMetadata('swagger/apiExcludeController', controller) as boolean[] | undefined;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (paths === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
        string,
        { index: number }
      >;
      const types = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as unknown[];
      let body: DtoClass | undefined;
      let query: DtoClass | undefined;
      let takesInput = false;
      let takesBody = false;
      for (const [key, { index }] of Object.entries(args)) {
        const kind = Number(key.split(':')[0]) as RouteParamtypes;
        const type = DTO_PRIMITIVES.has(types[index]) ? undefined : (types[index] as DtoClass);
        if (kind === RouteParamtypes.BODY) [body, takesInput, takesBody] = [type, true, true];
        if (kind === RouteParamtypes.QUERY) [query, takesInput] = [type ?? query, true];
      }
      if (!takesInput) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      for (const path of Array.isArray(paths) ? paths : [paths]) {
        routes.push({
          method: method as InputRoute['method'],
          path: `/${[prefix, path].join('/').split('/').filter(Boolean).join('/')}`,
          takesBody: takesBody && method !== 'GET',
          body,
          query,
          isPublic: reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, [handler, controller]) === true,
          documented: !excluded?.[0],
        });
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** The properties a DTO class declares rules for (its own and inherited). */
const propertiesOf = (dto: DtoClass | undefined): string[] =>
  dto
    ? [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(dto, '', true, false)
            .map((m) => m.propertyName),
        ),
      ]
    : [];

// ---- the hostile values ----

const CONTROL = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b');
const withControl = fc
  .tuple(fc.string({ maxLength: 8 }), CONTROL, fc.string({ maxLength: 8 }))
  .map(([a, c, b]) => `${a}${c}${b}`);
const hugeNumber = fc.constantFrom(
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  1e21,
  5e-324,
  -0,
  0.5,
);
const hugeNumberText = hugeNumber.map(String);
const longString = fc.integer({ min: 2_000, max: 60_000 }).map((n) => 'ж'.repeat(n));
const extremeDate = fc.constantFrom(
  '0001-01-01',
  '9999-12-31',
  '+275760-09-13',
  '2024-02-30',
  '1900-01-01T00:00:00Z',
  '24:00',
  '23:59:60',
);
const deep = fc.integer({ min: 20, max: 400 }).map((depth) => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});
const nonObject = fc.oneof(
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.string({ maxLength: 10 }),
  hugeNumber,
  fc.boolean(),
);

export interface Fixture {
  ids: Record<string, string>;
}

/** Plausible values, so that some requests get past validation into the services and the database. */
function plausible(fixture: Fixture): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...Object.values(fixture.ids)),
    fc.constantFrom('KG', 'TJ', 'UA', 'ru', 'en', 'lead', 'present', 'female', 'national', 'completed', 'csv'),
    fc.constantFrom('2025-05-13', '2025-05-12T09:00:00Z', '09:00', '2025'),
    fc.integer({ min: -2, max: 120 }),
    fc.boolean(),
    fc.string({ maxLength: 12 }),
    fc.array(fc.constantFrom(...Object.values(fixture.ids)), { maxLength: 3 }),
  );
}

export function hostile(fixture: Fixture): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    { weight: 3, arbitrary: plausible(fixture) },
    { weight: 2, arbitrary: withControl },
    { weight: 2, arbitrary: hugeNumber },
    { weight: 1, arbitrary: hugeNumberText },
    { weight: 1, arbitrary: longString },
    { weight: 1, arbitrary: extremeDate },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: deep },
  );
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), leaf, { maxKeys: 3 }) },
  );
}

/** A body: mostly the DTO's own fields with hostile values, sometimes not an object at all. */
export function bodyFor(route: InputRoute, fixture: Fixture): fc.Arbitrary<unknown> {
  const fields = propertiesOf(route.body);
  const record =
    fields.length > 0
      ? fc.record(Object.fromEntries(fields.map((f) => [f, hostile(fixture)])), { requiredKeys: [] })
      : fc.dictionary(fc.string({ maxLength: 8 }), hostile(fixture), { maxKeys: 3 });
  return fc.oneof(
    { weight: 5, arbitrary: record },
    { weight: 1, arbitrary: nonObject },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** A query string: the DTO's parameters, each once or repeated (an array), with hostile text. */
export function queryFor(route: InputRoute, fixture: Fixture): fc.Arbitrary<string> {
  const names = propertiesOf(route.query);
  const text = fc.oneof(
    plausible(fixture).map(String),
    withControl,
    hugeNumberText,
    longString.map((s) => s.slice(0, 3_000)),
    extremeDate,
    fc.constant(''),
  );
  // Besides the DTO's own parameters: names of its class's getters and methods, and made-up ones.
  const name = fc.oneof(
    { weight: 6, arbitrary: names.length > 0 ? fc.constantFrom(...names) : fc.constant('q') },
    { weight: 1, arbitrary: fc.constantFrom('offset', 'toString', 'constructor', 'hasOwnProperty') },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
  );
  return fc
    .array(fc.tuple(name, text), { maxLength: 5 })
    .map((pairs) => new URLSearchParams(pairs.map(([k, v]) => [k, String(v)] as [string, string])).toString());
}

export function urlFor(route: InputRoute, fixture: Fixture): string {
  const area = route.path.split('/').filter(Boolean);
  const section = area[0] === 'officer' || area[0] === 'registry' ? area[1] : area[0];
  return route.path.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'id') return fixture.ids[`${section}:id`] ?? randomUUID();
    return fixture.ids[name] ?? randomUUID();
  });
}

/** What every answer must be: below 500, and an error in the one JSON shape. */
export function problemWith(route: InputRoute, res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400 || !route.documented) return null;
  let body: Record<string, unknown>;
  try {
    body = res.json<Record<string, unknown>>();
  } catch {
    return `${res.statusCode} is not JSON: ${res.body.slice(0, 200)}`;
  }
  if (body.statusCode !== res.statusCode || typeof body.code !== 'string' || typeof body.message !== 'string') {
    return `${res.statusCode} not in the error shape: ${res.body.slice(0, 200)}`;
  }
  return null;
}

/**
 * The fixture of the hostile input tests: an app, the routes it reads input on, ids of real rows
 * for their path parameters, and tokens of an admin and an officer (Russian). Call it inside a
 * describe; its values are set once that describe's beforeAll ran.
 */
export function useHostileInputFixture() {
  let app: TestApp;
  let routes: InputRoute[];
  let fixture: Fixture;
  const tokens: Partial<Record<Role, Record<string, string>>> = {};

  beforeAll(async () => {
    app = await startTestApp();
    routes = inputRoutes(app);
    const ds = app.dataSource;
    const course = await createCourse(ds);
    const eventId = await createEvent(ds, { courseId: course.id, countryCode: 'KG' });
    const trainerId = await createTrainer(ds, { countryCode: 'KG' });
    const otherTrainerId = await createTrainer(ds, { countryCode: 'KG' });
    await assignTrainer(ds, eventId, trainerId);
    const traineeId = await createTrainee(ds, { countryCode: 'KG' });
    const enrollmentId = await enroll(ds, eventId, traineeId);
    const sessionId = await createSession(ds, eventId);
    // A user of its own for /users/:id, so that an admin's random edit cuts off no one the test signs in as.
    const bystander = await createUser(ds, { role: Role.Trainer, countries: ['KG'] });
    fixture = {
      ids: {
        'events:id': eventId,
        'trainers:id': trainerId,
        'trainees:id': traineeId,
        'courses:id': course.id,
        'users:id': bystander.id,
        eventId,
        sessionId,
        enrollmentId,
        trainedById: otherTrainerId,
        moduleId: course.moduleIds[0],
        code: 'KG',
        queue: 'system',
        step: 'observed',
        kind: 'trainees',
      },
    };
    for (const role of [Role.Admin, Role.ProgramOfficer]) {
      const user = await createUser(ds, { role, countries: role === Role.Admin ? [] : ['KG'], locale: 'ru' });
      tokens[role] = bearer((await signIn(app, user)).accessToken);
    }
  });
  afterAll(() => app.close());

  return {
    get app() {
      return app;
    },
    get routes() {
      return routes;
    },
    get fixture() {
      return fixture;
    },
    tokens,
  };
}
