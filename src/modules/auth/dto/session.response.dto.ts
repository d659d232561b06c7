import { ApiProperty } from '@nestjs/swagger';

import { UserResponseDto } from '../../users/index.js';
import type { Session } from '../auth.service.js';

/**
 * Tokens for API clients. Web pages get the same in httpOnly cookies and can ignore the body;
 * their script reads only the CSRF cookie, to echo it in X-CSRF-Token.
 */
export class SessionResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() accessTokenExpiresAt: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty() refreshTokenExpiresAt: string;
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;

  static from(session: Session, user: UserResponseDto): SessionResponseDto {
    return {
      accessToken: session.accessToken,
      accessTokenExpiresAt: session.accessTokenExpiresAt.toISOString(),
      refreshToken: session.refreshToken,
      refreshTokenExpiresAt: session.refreshTokenExpiresAt.toISOString(),
      user,
    };
  }
}
