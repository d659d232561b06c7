/**
 * Codes shared by every module. Each code's message is `errors.<code>` in every locale;
 * feature modules add enums of their own in the same form.
 */
export enum CommonErrorCode {
  BadRequest = 'bad_request',
  ValidationFailed = 'validation_failed',
  MalformedJson = 'malformed_json',
  UnsupportedMediaType = 'unsupported_media_type',
  PayloadTooLarge = 'payload_too_large',
  RouteNotFound = 'route_not_found',
  NotFound = 'not_found',
  MethodNotAllowed = 'method_not_allowed',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  Conflict = 'conflict',
  TooManyRequests = 'too_many_requests',
  DatabaseUnavailable = 'database_unavailable',
  ServiceUnavailable = 'service_unavailable',
  Internal = 'internal',
  BodyNotObject = 'body_not_object',
  NestedTooDeep = 'nested_too_deep',
}

export const messageKey = (code: string): string => `errors.${code}`;
