import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger, PinoLogger } from 'nestjs-pino';

import {
  AllExceptionsFilter,
  createValidationPipe,
  ErrorResponseDto,
  requestContext,
  requestIdFrom,
} from '@cascade/common';
import { type AppConfig, ConfigurationError, type Environment } from '@cascade/config';
import { EmbeddedDatabaseError, type RunningDatabase, startEmbeddedPostgres } from '@cascade/database';

import { AppModule } from './app.module.js';
import { MetricsService } from './infrastructure/metrics/index.js';
import { mountQueueBoard } from './infrastructure/queue-board/queue-board.js';
import { logRequests } from './logging.js';
import { WebExceptionFilter } from './web/layout/web-exception.filter.js';
import { registerWebPages } from './web/web-setup.js';
import { WorkerModule } from './worker.module.js';

/** Builds the HTTP API, configured but not listening. */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.env.BODY_LIMIT_BYTES,
    trustProxy: config.env.TRUST_PROXY,
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers['x-request-id'], randomUUID),
    // No Nest middleware runs (requests are logged from a Fastify hook): no second router per request.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  logRequests(app.getHttpAdapter().getInstance(), PinoLogger.root);
  app.get(MetricsService).observeHttp(app.getHttpAdapter().getInstance());
  app.useGlobalPipes(createValidationPipe());
  const errors = new AllExceptionsFilter(config.env.BODY_LIMIT_BYTES);
  // A browser gets its errors as pages in the layout and its language, an unknown address included;
  // a program (no text/html in Accept) gets the API's JSON from the same filter.
  app.useGlobalFilters(app.get(WebExceptionFilter));
  await app.register(fastifyCookie);
  // File uploads (imports): one file per request; each route reads it within IMPORT_MAX_BYTES.
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.env.IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024 },
  });
  const securityHeaders = helmet({
    // Scripts only from this site's own files (the pages', Swagger UI's, the queue board's): no inline
    // script nor event handler attribute runs. Inline styles stay for Swagger UI and the charts' SVG.
    contentSecurityPolicy: {
      directives: { scriptSrc: ["'self'"], scriptSrcAttr: ["'none'"], styleSrc: ["'self'", "'unsafe-inline'"] },
    },
  });
  // Helmet's middleware made once (@fastify/helmet makes it again for every request).
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
    );
  await registerWebPages(app, config);
  // Closed unless origins are listed: the web pages are served from the API's own origin.
  if (config.env.CORS_ORIGINS) {
    app.enableCors({ origin: config.env.CORS_ORIGINS.split(','), credentials: true });
  }
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header('x-request-id', request.id);
      // Everything this request does below runs with its id (and later its user) in context.
      requestContext.run(String(request.id), done);
    });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Cascade API')
      .setDescription('Training programs for national trainer networks: trainers, events, attendance, reports.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorResponseDto] },
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
  await mountQueueBoard(app, config, errors);
  return app;
}

/** Builds the worker: the queue processors, no HTTP. */
export async function createWorker(config: AppConfig) {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  worker.useLogger(worker.get(Logger));
  return worker;
}

/** The external database when DATABASE_URL is set, else the embedded one, started here. */
export async function resolveDatabase(env: Environment, log: (line: string) => void): Promise<RunningDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, stop: () => Promise.resolve() };
  log(`No DATABASE_URL: using the embedded PostgreSQL in ${env.EMBEDDED_PG_DIR} on port ${env.EMBEDDED_PG_PORT}`);
  return startEmbeddedPostgres({
    dir: env.EMBEDDED_PG_DIR,
    port: env.EMBEDDED_PG_PORT,
    persistent: true,
    shareRunning: true,
    log,
  });
}

export async function listen(app: NestFastifyApplication, env: Environment): Promise<string> {
  try {
    await app.listen(env.PORT, env.HOST);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(
        `Port ${env.PORT} is already in use: stop the program using it, or set PORT to a free port.`,
      );
    }
    throw error;
  }
  return `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`;
}

/** A start-up failure a person can fix; only its message is printed. */
export class StartupError extends Error {}

/**
 * Runs a process's main function; a failure a person can act on prints one line and exits 1,
 * anything else prints its stack. Ctrl-C or SIGTERM run the returned shutdown once — a signal that
 * arrives while main is still starting waits for it, so a start is never cut off half-way.
 */
export function runMain(main: () => Promise<() => Promise<void>>): void {
  let stopping = false;
  let shutdown: (() => Promise<void>) | undefined;
  const runShutdown = (run: () => Promise<void>) =>
    run().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping…\n`);
    // A connection that never closes must not keep the process (and its PostgreSQL) alive.
    setTimeout(() => {
      process.stderr.write('Stopping took longer than 15 s: exiting now.\n');
      process.exit(1);
    }, 15_000).unref();
    if (shutdown) void runShutdown(shutdown);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  main().then(
    (started) => {
      shutdown = started;
      if (stopping) void runShutdown(started);
    },
    (error: unknown) => {
      if (
        error instanceof ConfigurationError ||
        error instanceof EmbeddedDatabaseError ||
        error instanceof StartupError
      ) {
        process.stderr.write(`${error.message}\n`);
      } else {
        console.error(error);
      }
      process.exit(1);
    },
  );
}
