import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

import type { AuthUser } from './auth-user.js';
import type { Permission } from './roles.js';

export const PUBLIC_ROUTE = 'cascade:public';
export const REQUIRED_PERMISSION = 'cascade:permission';

/** Open to anyone, signed in or not. Every other route needs a permission. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The permission a route needs; a route with neither this nor @Public() is refused to everyone. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

export const USER_CHECKED_BY_STATEMENT = 'cascade:user-checked-by-statement';

/**
 * A hot route whose one SQL statement checks the signed-in user itself (see AuthUser.fromClaims):
 * the guard takes the user from the token's claims instead of a round trip of its own. The route's
 * service must check `fromClaims` users in its statement and fall back to loading them when stale.
 */
export const UserCheckedByStatement = () => SetMetadata(USER_CHECKED_BY_STATEMENT, true);

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
