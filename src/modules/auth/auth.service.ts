import { createHash, randomUUID } from 'node:crypto';

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';

import { AuthErrorCode } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import { hashPassword, newSecret, parseToken, secretMatches, UsersService, verifyPassword } from '../users/index.js';
import {
  type AccessTokenClaims,
  accountClaims,
  hasSessionClaims,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  jwtSecretFor,
} from './jwt-secret.js';
import { RefreshToken } from './refresh-token.entity.js';

export interface Session {
  userId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

/** Failures before an account name is paused, and how the pause grows and is capped. */
const FREE_FAILURES = 5;
const FIRST_PAUSE_SECONDS = 30;
const LONGEST_PAUSE_SECONDS = 15 * 60;

const unauthorized = () => new AppException(HttpStatus.UNAUTHORIZED, CommonErrorCode.Unauthorized);

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so both answers take as long. */
  private readonly decoyHash = hashPassword(randomUUID());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  /**
   * Checks an email and password. An unknown email and a wrong password get the same
   * answer; after five failures the account name is paused, longer after each further one.
   */
  async validateCredentials(email: string, password: string): Promise<string> {
    const emailKey = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
    const [throttle] = await this.dataSource.query<{ wait: number }[]>(
      `SELECT ceil(extract(epoch FROM blocked_until - now()))::int AS wait
         FROM sign_in_throttles WHERE email_key = $1 AND blocked_until > now()`,
      [emailKey],
    );
    if (throttle) throw this.blocked(throttle.wait);

    const account = await this.users.findForSignIn(email);
    const valid = account?.passwordHash
      ? await verifyPassword(account.passwordHash, password)
      : await verifyPassword(await this.decoyHash, password).then(() => false);
    if (!account || !valid) {
      await this.recordFailure(emailKey);
      throw new AppException(HttpStatus.UNAUTHORIZED, AuthErrorCode.InvalidCredentials);
    }
    await this.dataSource.query('DELETE FROM sign_in_throttles WHERE email_key = $1', [emailKey]);
    await this.users.recordSignIn(account.id);
    return account.id;
  }

  /** A new session: a short-lived access token and the first refresh token of a new family. */
  async startSession(userId: string): Promise<Session> {
    return this.issue(userId, randomUUID());
  }

  /**
   * Swaps a refresh token for a new pair. Each token works once: a second use revokes every
   * token of its family, cutting off whoever stole it (and the owner, who signs in again).
   */
  async refresh(token: string): Promise<Session> {
    const parsed = parseToken(token);
    if (!parsed) throw unauthorized();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(RefreshToken, {
        where: { id: parsed.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || !secretMatches(parsed.secret, row.secretHash) || row.revokedAt) return { ok: false as const };
      if (row.usedAt) {
        await manager.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return { ok: false as const };
      }
      if (row.expiresAt <= new Date()) return { ok: false as const };
      row.usedAt = new Date();
      await manager.save(row);
      return { ok: true as const, userId: row.userId, familyId: row.familyId };
    });
    if (!outcome.ok) throw unauthorized();
    // issue() loads the account: a deactivated one gets no new token.
    return this.issue(outcome.userId, outcome.familyId);
  }

  /**
   * Ends the session the refresh token belongs to, or else the one the access token carries:
   * its refresh tokens are revoked, and its access tokens fail the next request's session check.
   * An unknown, spent or forged token changes nothing.
   */
  async signOut(refreshToken: string | undefined, accessToken?: string): Promise<void> {
    const familyId = (await this.sessionOfRefreshToken(refreshToken)) ?? (await this.sessionOfAccessToken(accessToken));
    if (!familyId) return;
    await this.dataSource
      .getRepository(RefreshToken)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async sessionOfRefreshToken(token: string | undefined): Promise<string | null> {
    const parsed = token ? parseToken(token) : null;
    if (!parsed) return null;
    const row = await this.dataSource.getRepository(RefreshToken).findOneBy({ id: parsed.id });
    return row && secretMatches(parsed.secret, row.secretHash) ? row.familyId : null;
  }

  private async sessionOfAccessToken(token: string | undefined): Promise<string | null> {
    if (!token) return null;
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        secret: jwtSecretFor(this.config),
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
      return hasSessionClaims(claims) ? claims.sid : null;
    } catch {
      return null;
    }
  }

  private async issue(userId: string, familyId: string): Promise<Session> {
    const ttl = this.config.env.ACCESS_TOKEN_TTL_SECONDS;
    // The account as it is now, for the routes that read the claims (and check them: AuthUser.fromClaims).
    const account = await this.users.loadAuthUser(userId, 'bearer');
    if (!account) throw unauthorized();
    const accessToken = await this.jwt.signAsync(
      { sub: userId, sid: familyId, ...accountClaims(account) },
      {
        secret: jwtSecretFor(this.config),
        algorithm: JWT_ALGORITHM,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        expiresIn: ttl,
        jwtid: randomUUID(),
      },
    );
    const { secret, hash } = newSecret();
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.env.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    const row = await this.dataSource
      .getRepository(RefreshToken)
      .save({ userId, familyId, secretHash: hash, expiresAt: refreshTokenExpiresAt });
    return {
      userId,
      accessToken,
      accessTokenExpiresAt: new Date(Date.now() + ttl * 1000),
      refreshToken: `${row.id}.${secret}`,
      refreshTokenExpiresAt,
    };
  }

  private async recordFailure(emailKey: string): Promise<void> {
    // Failures more than an hour apart start the count afresh.
    await this.dataSource.query(
      `INSERT INTO sign_in_throttles AS t (email_key, failures, blocked_until, updated_at)
       VALUES ($1, 1, NULL, now())
       ON CONFLICT (email_key) DO UPDATE SET
         failures = CASE WHEN t.updated_at < now() - interval '1 hour' THEN 1 ELSE t.failures + 1 END,
         blocked_until = CASE
           WHEN t.updated_at >= now() - interval '1 hour' AND t.failures + 1 >= $2
           THEN now() + least($3 * power(2, t.failures + 1 - $2), $4) * interval '1 second'
         END,
         updated_at = now()`,
      [emailKey, FREE_FAILURES, FIRST_PAUSE_SECONDS, LONGEST_PAUSE_SECONDS],
    );
  }

  private blocked(waitSeconds: number): AppException {
    const seconds = Math.max(1, waitSeconds);
    return new AppException(
      HttpStatus.TOO_MANY_REQUESTS,
      AuthErrorCode.SignInBlocked,
      { minutes: Math.ceil(seconds / 60) },
      [],
      { 'retry-after': String(seconds) },
    );
  }
}
