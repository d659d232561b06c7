import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import {
  AllExceptionsFilter,
  AppException,
  CommonErrorCode,
  messageKey,
  prefersHtml,
  requestLocale,
} from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { isDatabaseUnavailable } from '@cascade/database';
import { translate } from '@cascade/i18n';

import { PageRenderer } from './page-renderer.js';
import { safeReturnTo } from './return-to.js';
import type { PageRequest } from './web-session.js';

const CODE_BY_STATUS: Partial<Record<number, CommonErrorCode>> = {
  [HttpStatus.FORBIDDEN]: CommonErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: CommonErrorCode.NotFound,
  [HttpStatus.TOO_MANY_REQUESTS]: CommonErrorCode.TooManyRequests,
  [HttpStatus.BAD_REQUEST]: CommonErrorCode.BadRequest,
  [HttpStatus.CONFLICT]: CommonErrorCode.Conflict,
};

/**
 * Errors of the page routes. A browser gets a page: an expired or missing session goes to the
 * session's renewal (then sign-in) and back to where the user was; anything else is an error page
 * in the layout and the user's language. A program (no text/html in Accept) gets the API's JSON.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(WebExceptionFilter.name);
  private readonly api: AllExceptionsFilter;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly pages: PageRenderer,
  ) {
    this.api = new AllExceptionsFilter(config.env.BODY_LIMIT_BYTES);
  }

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<PageRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (!prefersHtml(request.headers.accept)) return this.api.catch(exception, host);

    const status = statusOf(exception);
    if (status === 401) {
      // After a form was sent, come back to the page that had the form (its script keeps what was typed).
      const back = request.method === 'GET' ? request.url : refererPath(request.headers.referer, request.headers.host);
      void reply.redirect(`/auth/resume?returnTo=${encodeURIComponent(safeReturnTo(back))}`, HttpStatus.SEE_OTHER);
      return;
    }
    if (status >= 500) this.logger.error({ err: exception, requestId: request.id }, 'Page failed');
    try {
      const locale = requestLocale(request);
      const code = exception instanceof AppException ? exception.code : codeOf(exception, status);
      const params = exception instanceof AppException ? exception.params : { requestId: String(request.id) };
      const html = await this.pages.render(request, reply, 'layout/error', {
        titleKey: `web.error.title_${status >= 500 ? 500 : status === 404 || status === 403 ? status : 400}`,
        status,
        model: { message: translate(locale, messageKey(code), params) },
      });
      void reply.send(html);
    } catch (error) {
      this.logger.error({ err: error, requestId: request.id }, 'The error page failed');
      this.api.catch(exception, host);
    }
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof AppException) return Number(exception.status);
  if (exception instanceof HttpException) return exception.getStatus();
  if (isDatabaseUnavailable(exception)) return HttpStatus.SERVICE_UNAVAILABLE;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

function codeOf(exception: unknown, status: number): string {
  if (isDatabaseUnavailable(exception)) return CommonErrorCode.DatabaseUnavailable;
  return CODE_BY_STATUS[status] ?? CommonErrorCode.Internal;
}

/** The path of a Referer from this same host; '/' for anything else. */
function refererPath(referer: string | undefined, host: string | undefined): string {
  if (!referer || !host) return '/';
  try {
    const url = new URL(referer);
    return url.host === host ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}
