import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';

import { type AuthUser, Role } from '@cascade/auth';
import {
  AppException,
  applySort,
  CommonErrorCode,
  containsPattern,
  invalidField,
  type Page,
  pageOf,
  requestContext,
} from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { connectionPool } from '@cascade/database';
import type { Locale } from '@cascade/i18n';

import { Country } from '../countries/index.js';
import type { InviteUserDto } from './dto/invite-user.dto.js';
import type { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import type { UpdateMeDto } from './dto/update-me.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { Invitation } from './invitation.entity.js';
import {
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
  verifyPassword,
} from './password-policy.js';
import { newSecret, parseToken, secretMatches } from './secret-token.js';
import { User } from './user.entity.js';
import { UsersErrorCode } from './users-error-code.js';

interface AuthUserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  countries: string[];
  /** Null until the user chooses: pages then follow the browser. */
  locale: string | null;
}

/**
 * The active user $1; given a session $2, only while that session lives: any unrevoked token of
 * its family (sign-out and refresh-token reuse revoke them all).
 */
const AUTH_USER_SQL = `
SELECT u.id, u.email, u.display_name, u.role, u.countries, u.locale
  FROM users u
 WHERE u.id = $1::uuid AND u.active
   AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM refresh_tokens s
                                     WHERE s.family_id = $2::uuid AND s.user_id = u.id AND s.revoked_at IS NULL))`;

/** Accounts: invitations, roles and country scope, the profile, passwords. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the user and a one-time invitation to set a password, in one transaction. */
  async invite(dto: InviteUserDto): Promise<{ user: User; token: string; expiresAt: Date }> {
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(User, { email: dto.email })) {
        throw new AppException(HttpStatus.CONFLICT, UsersErrorCode.EmailTaken);
      }
      const user = manager.create(User, {
        email: dto.email,
        displayName: dto.displayName,
        role: dto.role,
        locale: dto.locale ?? null,
        active: true,
        countries: await this.scopeFor(manager, dto.role, dto.countries),
      });
      await manager.save(user);
      const { secret, hash } = newSecret();
      const expiresAt = new Date(Date.now() + this.config.env.INVITE_TTL_HOURS * 3_600_000);
      const invitation = await manager.save(
        manager.create(Invitation, { userId: user.id, secretHash: hash, expiresAt }),
      );
      return { user, token: `${invitation.id}.${secret}`, expiresAt };
    });
  }

  async list(query: ListUsersQueryDto): Promise<Page<User>> {
    const builder = this.dataSource.getRepository(User).createQueryBuilder('user');
    if (query.role) builder.andWhere('user.role = :role', { role: query.role });
    if (query.active !== undefined) builder.andWhere('user.active = :active', { active: query.active });
    if (query.country) {
      builder.andWhere(':country = ANY(user.countries)', { country: query.country });
    }
    if (query.search) {
      builder.andWhere('(user.email ILIKE :search OR user.display_name ILIKE :search)', {
        search: containsPattern(query.search),
      });
    }
    const [items, total] = await applySort(
      builder,
      query.sort,
      {
        email: 'user.email',
        displayName: 'user.display_name',
        role: 'user.role',
        createdAt: 'user.created_at',
        lastSignInAt: 'user.last_sign_in_at',
      },
      'email',
      'user.id',
    )
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  async get(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    return user;
  }

  /** An admin's change to a user. Admins cannot lock themselves out: own role and active flag stay. */
  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneBy(User, { id });
      if (!user) throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
      const changesOwnAccess = (dto.role !== undefined && dto.role !== user.role) || dto.active === false;
      if (user.id === actor.id && changesOwnAccess) {
        throw new AppException(HttpStatus.CONFLICT, UsersErrorCode.CannotChangeOwnAccess);
      }
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.locale !== undefined) user.locale = dto.locale;
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.role !== undefined || dto.countries !== undefined) {
        user.role = dto.role ?? user.role;
        user.countries = await this.scopeFor(manager, user.role, dto.countries ?? user.countries);
      }
      return manager.save(user);
    });
  }

  async updateMe(me: AuthUser, dto: UpdateMeDto): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneByOrFail(User, { id: me.id });
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.locale !== undefined) user.locale = dto.locale;
      return manager.save(user);
    });
  }

  /** Keeps the language a person picked before signing in (as PATCH /me would, audited alike). */
  async chooseLocale(userId: string, locale: Locale): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneByOrFail(User, { id: userId });
      if (user.locale === locale) return;
      user.locale = locale;
      await manager.save(user);
    });
  }

  async changePassword(me: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneOrFail(User, {
        where: { id: me.id },
        select: { id: true, email: true, passwordHash: true },
      });
      if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw invalidField('currentPassword', 'password_incorrect');
      }
      await this.setPassword(manager, user, newPassword, 'newPassword');
      await this.endSessions(manager, user.id, me.sessionId);
    });
  }

  /** Sets the first password from an invitation; the invitation then cannot be used again. */
  async acceptInvitation(token: string, password: string): Promise<User> {
    const parsed = parseToken(token);
    if (!parsed) throw new AppException(HttpStatus.BAD_REQUEST, UsersErrorCode.InvitationInvalid);
    return this.dataSource.transaction(async (manager) => {
      const invitation = await manager.findOne(Invitation, {
        where: { id: parsed.id },
        lock: { mode: 'pessimistic_write' },
      });
      const usable =
        invitation &&
        !invitation.usedAt &&
        invitation.expiresAt > new Date() &&
        secretMatches(parsed.secret, invitation.secretHash);
      if (!usable) throw new AppException(HttpStatus.BAD_REQUEST, UsersErrorCode.InvitationInvalid);
      const user = await manager.findOneOrFail(User, { where: { id: invitation.userId } });
      if (!user.active) throw new AppException(HttpStatus.BAD_REQUEST, UsersErrorCode.InvitationInvalid);
      requestContext.setActor(user.id);
      await this.setPassword(manager, user, password, 'password');
      await this.endSessions(manager, user.id);
      invitation.usedAt = new Date();
      await manager.save(invitation);
      return user;
    });
  }

  /**
   * The user behind a token, with their current role and scope; null when gone or deactivated.
   * Given the token's session, also null when that session has ended (signed out, a refresh
   * token replayed, the password changed elsewhere): one query, the session row joined in.
   */
  async loadAuthUser(id: string, via: AuthUser['via'], sessionId?: string): Promise<AuthUser | null> {
    // Runs before every authenticated request: a prepared statement on the pool, no query builder.
    const { rows } = await connectionPool(this.dataSource).query<AuthUserRow>({
      name: 'auth-user',
      text: AUTH_USER_SQL,
      values: [id, sessionId ?? null],
    });
    const user = rows[0];
    if (!user) return null;
    return {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      role: user.role,
      countries: user.countries,
      locale: user.locale,
      via,
      ...(sessionId === undefined ? {} : { sessionId }),
    };
  }

  /** The account a sign-in names, with its password hash; null when unknown or deactivated. */
  findForSignIn(email: string): Promise<Pick<User, 'id' | 'passwordHash'> | null> {
    return this.dataSource.getRepository(User).findOne({
      where: { email: email.trim().toLowerCase(), active: true },
      select: { id: true, passwordHash: true },
    });
  }

  async recordSignIn(id: string): Promise<void> {
    // A plain UPDATE: signing in changes no record a person edits, so it is not audited.
    await this.dataSource.getRepository(User).update({ id }, { lastSignInAt: new Date() });
  }

  /**
   * A new password ends every other session of the account at once: their refresh tokens are
   * revoked, and their access tokens fail the session check on the next request. The session
   * that changed it stays signed in.
   */
  private async endSessions(manager: EntityManager, userId: string, keepSessionId?: string): Promise<void> {
    // The refresh_tokens table is the auth module's; users only revoke rows, by its SQL name,
    // because auth depends on users and not the other way round.
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2`,
      [userId, keepSessionId ?? null],
    );
  }

  private async setPassword(manager: EntityManager, user: User, password: string, field: string): Promise<void> {
    const problem = passwordProblem(password, user.email);
    if (problem)
      throw invalidField(field, `password_${problem}`, {
        count: problem === 'too_short' ? PASSWORD_MIN_LENGTH : PASSWORD_MAX_LENGTH,
      });
    user.passwordHash = await hashPassword(password);
    await manager.save(User, { id: user.id, passwordHash: user.passwordHash });
  }

  /** Admins see every country and hold none; every other role needs at least one known country. */
  private async scopeFor(manager: EntityManager, role: Role, codes: string[]): Promise<string[]> {
    if (role === Role.Admin) return [];
    const unique = [...new Set(codes)].sort();
    if (unique.length === 0) throw invalidField('countries', 'country_scope_required');
    const known = await manager.findBy(Country, { code: In(unique) });
    const unknown = unique.filter((code) => !known.some((c) => c.code === code));
    if (unknown.length > 0) throw invalidField('countries', 'unknown_country', { codes: unknown.join(', ') });
    return unique;
  }
}
