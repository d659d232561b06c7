import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

import type { AuthUser } from './auth-user.js';
import type { Permission } from './roles.js';

export const PUBLIC_ROUTE = 'cascade:public';
export const REQUIRED_PERMISSION = 'cascade:permission';

/** Open to anyone, signed in or not. Every other route needs a permission. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The permission a route needs; a route with neither this nor @Public() is refused to everyone. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
