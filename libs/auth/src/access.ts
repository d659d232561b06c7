import { HttpStatus } from '@nestjs/common';

import { AppException, CommonErrorCode } from '@cascade/common';

import type { AuthUser } from './auth-user.js';
import { type Permission, Role, roleHas } from './roles.js';

/** What a record says about who may see it. */
export interface ScopedResource {
  /** The country the record belongs to. */
  countryCode?: string | null;
  /** Trainer users who teach it (events, sessions, their attendance): a trainer sees only these. */
  trainerUserIds?: readonly string[];
  /** Holds personal data (a trainee, a user): never shown to donors. */
  personal?: boolean;
}

/**
 * The one record-level check services call. A record outside the caller's scope answers
 * 404, exactly as a record that does not exist, so ids cannot be probed; a missing
 * permission answers 403, as the route guard does.
 */
export function assertCanAccess(user: AuthUser, permission: Permission, resource: ScopedResource): void {
  if (!roleHas(user.role, permission)) {
    throw new AppException(HttpStatus.FORBIDDEN, CommonErrorCode.Forbidden);
  }
  if (!canSee(user, resource)) {
    throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
  }
}

export function canSee(user: AuthUser, resource: ScopedResource): boolean {
  if (user.role === Role.Admin) return true;
  if (resource.personal && user.role === Role.Donor) return false;
  if (resource.countryCode !== undefined && !inCountryScope(user, resource.countryCode)) return false;
  if (user.role === Role.Trainer && resource.trainerUserIds !== undefined) {
    return resource.trainerUserIds.includes(user.id);
  }
  return true;
}

export function inCountryScope(user: AuthUser, countryCode: string | null): boolean {
  return user.role === Role.Admin || (countryCode !== null && user.countries.includes(countryCode));
}

/**
 * The countries a list query must be limited to, for a WHERE … = ANY(:codes) in SQL;
 * null means every country (admins).
 */
export function countryScope(user: AuthUser): string[] | null {
  return user.role === Role.Admin ? null : user.countries;
}

/**
 * The user whose taught events a list must be limited to, matched in SQL against
 * `event_teachers.trainer_user_id` (or `trainee_teachers`); null when the role is not limited
 * to what it teaches.
 */
export function teachingScope(user: AuthUser): string | null {
  return user.role === Role.Trainer ? user.id : null;
}
