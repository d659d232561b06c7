/**
 * Auth: sign-in, sessions and their cookies.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { AuthModule } from './auth.module.js';
export { AuthService } from './auth.service.js';
export { sessionCookieBase } from './session-cookies.js';
