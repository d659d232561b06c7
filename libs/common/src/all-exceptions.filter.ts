import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { isDatabaseUnavailable } from '@cascade/database';
import { type Locale, translate, type TranslationParams } from '@cascade/i18n';

import { AppException } from './app.exception.js';
import { CommonErrorCode, messageKey } from './error-codes.js';
import { requestLocale } from './request-context.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; code: string; message: string }[];
  requestId: string;
  /** An AppException's details, e.g. `candidates`. */
  [detail: string]: unknown;
}

const CODE_BY_STATUS: Partial<Record<number, CommonErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: CommonErrorCode.BadRequest,
  [HttpStatus.UNAUTHORIZED]: CommonErrorCode.Unauthorized,
  [HttpStatus.FORBIDDEN]: CommonErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: CommonErrorCode.NotFound,
  [HttpStatus.METHOD_NOT_ALLOWED]: CommonErrorCode.MethodNotAllowed,
  [HttpStatus.CONFLICT]: CommonErrorCode.Conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: CommonErrorCode.PayloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: CommonErrorCode.UnsupportedMediaType,
  [HttpStatus.TOO_MANY_REQUESTS]: CommonErrorCode.TooManyRequests,
  [HttpStatus.SERVICE_UNAVAILABLE]: CommonErrorCode.ServiceUnavailable,
};

/**
 * Turns every error into one JSON shape with a translated message: coded AppExceptions,
 * validation errors per field, Nest's HTTP exceptions, Fastify's body-parsing errors, and
 * a lost database (503). Anything else is a 500 whose details stay in the log.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  constructor(private readonly bodyLimit: number) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /** Answers with the error; also for plain Fastify routes outside Nest (the queue board's hook). */
  send(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const locale = requestLocale(request);
    const body = this.toBody(exception, request, locale);
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ requestId: request.id, reason: (exception as Error).message }, 'Database unavailable');
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    }
    if (exception instanceof AppException) void reply.headers(exception.headers);
    void reply.status(body.statusCode).header('content-language', locale).send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest, locale: Locale): ErrorBody {
    const requestId = String(request.id);
    // Parameters any generic message may use; a coded exception brings its own.
    const generic: TranslationParams = { requestId, limit: this.bodyLimit, expected: 'application/json' };
    const body = (status: number, code: string, params: TranslationParams = generic): ErrorBody => ({
      statusCode: status,
      code,
      message: translate(locale, messageKey(code), params),
      requestId,
    });

    if (exception instanceof AppException) {
      const result: ErrorBody = { ...exception.details, ...body(exception.status, exception.code, exception.params) };
      if (exception.fieldErrors.length > 0) {
        result.errors = exception.fieldErrors.map((e) => ({
          field: e.field,
          code: e.code,
          message: translate(locale, e.messageKey, e.params),
        }));
      }
      return result;
    }
    if (isDatabaseUnavailable(exception)) {
      return body(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.DatabaseUnavailable);
    }
    // Nest wraps Fastify's own 4xx errors (body parsing, content type) in an HttpException.
    const fastifyError = (exception instanceof HttpException ? exception.cause : exception) as
      { statusCode?: number; code?: string } | undefined;
    if (typeof fastifyError?.code === 'string' && fastifyError.code.startsWith('FST_')) {
      const status = fastifyError.statusCode ?? HttpStatus.BAD_REQUEST;
      return body(status, this.fastifyCode(fastifyError.code, status));
    }
    if (exception instanceof HttpException) {
      const status: number = exception.getStatus();
      if (status === 404 && /^Cannot [A-Z]+ /.test(exception.message)) {
        return body(status, CommonErrorCode.RouteNotFound, {
          method: request.method,
          path: request.url.split('?')[0] ?? '',
        });
      }
      return body(status, codeForStatus(status));
    }
    return body(HttpStatus.INTERNAL_SERVER_ERROR, CommonErrorCode.Internal);
  }

  private fastifyCode(code: string, status: number): string {
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return CommonErrorCode.UnsupportedMediaType;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return CommonErrorCode.PayloadTooLarge;
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return CommonErrorCode.MalformedJson;
    }
    return codeForStatus(status);
  }
}

function codeForStatus(status: number): CommonErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? CommonErrorCode.Internal : CommonErrorCode.BadRequest);
}
