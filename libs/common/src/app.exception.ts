import { type HttpStatus } from '@nestjs/common';

import type { TranslationParams } from '@cascade/i18n';

export interface FieldError {
  /** Dotted path of the field in the request, e.g. `sessions.2.date`. */
  field: string;
  /** The rule that failed, e.g. `maxLength`: stable for clients. */
  code: string;
  /** The i18n key of the message. */
  messageKey: string;
  params?: TranslationParams;
}

/**
 * An error with a code the client can rely on and a message translated into the caller's
 * language by the exception filter. Services throw these; controllers never build messages.
 */
export class AppException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    readonly params: TranslationParams = {},
    readonly fieldErrors: FieldError[] = [],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
    /** Extra fields of the answer beside the usual ones, e.g. the candidates of a possible duplicate. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'AppException';
  }
}
