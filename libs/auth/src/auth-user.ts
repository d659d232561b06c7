import type { Role } from './roles.js';

/** The signed-in user as every guard and service sees it, loaded fresh on each request. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  /** ISO codes of the countries the user works in; empty for admins, who see all. */
  countries: string[];
  /** The language the user chose; null until they do. */
  locale: string | null;
  /** How the request was authenticated: cookie-authenticated writes need a CSRF token. */
  via: 'bearer' | 'cookie';
  /**
   * The sign-in session (refresh-token family) the access token belongs to; absent for a user
   * loaded outside a request (a queued job acting for whoever started it).
   */
  sessionId?: string;
  /**
   * Read from the access token's claims, not yet checked against the database: only a route
   * marked @UserCheckedByStatement() gets such a user, and its one statement checks the account,
   * the session, the role, the countries and the language before it reads or writes anything.
   */
  fromClaims?: true;
}
