import { join } from 'node:path';

import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Eta } from 'eta';
import type { FastifyRequest } from 'fastify';

import { CSRF_HEADER } from '@cascade/auth';
import type { AppConfig } from '@cascade/config';

import { ASSETS_PREFIX } from './layout/assets.js';
import { gzipOnSend } from './layout/compression.js';
import { isWebFormRoute, WEB_FORM_CSRF_FIELD } from './layout/web-form.js';
import { webRoot } from './web-root.js';

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * What the server-rendered pages need from Fastify: the eta view engine with the layout, the static
 * assets (hashed URLs, cached for a year), the CSRF field of the pages' forms checked like the
 * X-CSRF-Token header, and gzip for text answers. (Nest parses form bodies already.)
 */
export async function registerWebPages(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const root = webRoot();
  const production = config.env.NODE_ENV === 'production';
  await app.register(fastifyView, {
    engine: { eta: new Eta({ views: root, cache: production, autoEscape: true, autoTrim: false }) },
    root,
    layout: 'layout/layout.eta',
    production,
  });
  await app.register(fastifyStatic, {
    root: join(root, 'public'),
    prefix: ASSETS_PREFIX,
    cacheControl: false,
    setHeaders: (reply) => void reply.header('cache-control', `public, max-age=${YEAR_SECONDS}, immutable`),
  });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    // A form cannot send headers: its hidden CSRF field stands in for X-CSRF-Token, so the one
    // double-submit check (AccessGuard, assertCsrfToken) covers forms too.
    const body = request.body as Record<string, unknown> | undefined;
    if (isWebFormRoute(request) && body && typeof body[WEB_FORM_CSRF_FIELD] === 'string') {
      request.headers[CSRF_HEADER] = body[WEB_FORM_CSRF_FIELD];
      delete body[WEB_FORM_CSRF_FIELD];
    }
    // A file upload's body is read by its handler, after the check: its form sends the token in the query.
    const query = request.query as Record<string, unknown> | undefined;
    if (isWebFormRoute(request) && request.isMultipart() && typeof query?.[WEB_FORM_CSRF_FIELD] === 'string') {
      request.headers[CSRF_HEADER] = query[WEB_FORM_CSRF_FIELD];
    }
    done();
  });
  fastify.addHook('onSend', async (request, reply, payload) => gzipOnSend(request, reply, payload));
}
