export enum AuthErrorCode {
  InvalidCredentials = 'invalid_credentials',
  SignInBlocked = 'sign_in_blocked',
  CsrfTokenInvalid = 'csrf_token_invalid',
  RouteWithoutPermission = 'route_without_permission',
}

/** The cookies the web pages use; API clients send `Authorization: Bearer …` instead. */
export const AUTH_COOKIES = {
  access: 'cascade_access',
  refresh: 'cascade_refresh',
  /** Readable by the page's script, which echoes it in the X-CSRF-Token header (double submit). */
  csrf: 'cascade_csrf',
} as const;

export const CSRF_HEADER = 'x-csrf-token';
