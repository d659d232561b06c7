import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { AUTH_COOKIES, authenticateRequest, authorize, type AuthUser, CSRF_HEADER, Permission } from '@cascade/auth';
import type { AllExceptionsFilter } from '@cascade/common';
import type { AppConfig } from '@cascade/config';
import { QueueName } from '@cascade/queue';

import { sessionCookieBase } from '../../modules/auth/index.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * bull-board's page sends its writes with axios, which echoes the cookie XSRF-TOKEN in the
 * X-XSRF-TOKEN header. The board gets a copy of the session's CSRF token under that name, and a
 * write is checked against the session's own CSRF cookie: the same double submit as the API's.
 */
const BOARD_CSRF_COOKIE = 'XSRF-TOKEN';
const BOARD_CSRF_HEADER = 'x-xsrf-token';

type CookieRequest = FastifyRequest & { cookies?: Record<string, string | undefined>; user?: AuthUser };

/**
 * bull-board at /admin/queues, for admins (queues:watch). It shows the queues Nest registered
 * (same backend, same QUEUE_NAMESPACE, no connection of its own). Its routes are plain Fastify
 * routes, outside Nest's guard, so a hook on the prefix applies the guard's rules: the session
 * cookie or a bearer token, 401 without a valid one, 403 without the permission, and CSRF on
 * cookie-authenticated writes (retry, clean, pause).
 */
export async function mountQueueBoard(
  app: NestFastifyApplication,
  config: AppConfig,
  errors: AllExceptionsFilter,
): Promise<void> {
  const queues = Object.values(QueueName).map(
    (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
  );
  const serverAdapter = new FastifyAdapter().setBasePath(QUEUE_BOARD_PATH);
  // @bull-board/fastify 9.10.1 brings its own @bull-board/api 9.10.1, whose types differ from 9.10.2's
  // by a private field only; the two agree at run time.
  createBullBoard({
    queues,
    serverAdapter: serverAdapter as unknown as IServerAdapter,
    options: { uiConfig: { boardTitle: 'Cascade queues' } },
  });

  const guard = async (request: CookieRequest, reply: FastifyReply) => {
    try {
      const user = await authenticateRequest(request, reply);
      // Errors below are then worded in the user's language, as on the API's routes.
      request.user = user;
      const csrfHeader = request.headers[BOARD_CSRF_HEADER] === undefined ? CSRF_HEADER : BOARD_CSRF_HEADER;
      authorize(request, user, Permission.QueuesWatch, csrfHeader);
    } catch (error) {
      errors.send(error, request, reply);
      return reply;
    }
    const csrf = request.cookies?.[AUTH_COOKIES.csrf];
    if (request.method === 'GET' && csrf && request.cookies?.[BOARD_CSRF_COOKIE] !== csrf) {
      void reply.setCookie(BOARD_CSRF_COOKIE, csrf, {
        ...sessionCookieBase(config),
        path: QUEUE_BOARD_PATH,
        httpOnly: false,
      });
    }
    return undefined;
  };

  await app.register(
    async (board: FastifyInstance) => {
      board.addHook('onRequest', guard);
      await board.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}
