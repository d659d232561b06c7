import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { assertCsrfToken, AUTH_COOKIES, Public } from '@cascade/auth';
import { ErrorResponseDto } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';

import { AcceptInvitationDto, UserResponseDto, UsersService } from '../users/index.js';
import { AuthService } from './auth.service.js';
import { SessionResponseDto } from './dto/session.response.dto.js';
import { RefreshDto, SignInDto } from './dto/sign-in.dto.js';
import { clearSessionCookies, setSessionCookies } from './session-cookies.js';
import { SignInGuard } from './sign-in.guard.js';

type CookieRequest = FastifyRequest & { cookies?: Record<string, string | undefined>; user?: { id: string } };

/** Sign-in, token refresh, sign-out and invitations: open routes, limited per IP address. */
@ApiTags('auth')
@Controller('auth')
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('sign-in')
  @Public()
  @UseGuards(SignInGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SessionResponseDto })
  async signIn(
    @Body() _credentials: SignInDto,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponseDto> {
    const session = await this.auth.startSession((request.user as { id: string }).id);
    return this.answer(session, reply);
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SessionResponseDto })
  async refresh(
    @Body() dto: RefreshDto,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponseDto> {
    const session = await this.auth.refresh(this.refreshTokenOf(dto, request) ?? '');
    return this.answer(session, reply);
  }

  @Post('sign-out')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async signOut(
    @Body() dto: RefreshDto,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.signOut(this.refreshTokenOf(dto, request));
    clearSessionCookies(reply, this.config);
  }

  @Post('accept-invitation')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The password is set; sign in with it' })
  async acceptInvitation(@Body() dto: AcceptInvitationDto): Promise<void> {
    await this.users.acceptInvitation(dto.token, dto.password);
  }

  /** The token from the body (API clients) or the cookie (web pages, which must pass the CSRF check). */
  private refreshTokenOf(dto: RefreshDto, request: CookieRequest): string | undefined {
    if (dto.refreshToken) return dto.refreshToken;
    const cookie = request.cookies?.[AUTH_COOKIES.refresh];
    if (cookie) assertCsrfToken(request);
    return cookie;
  }

  private async answer(session: Awaited<ReturnType<AuthService['startSession']>>, reply: FastifyReply) {
    setSessionCookies(reply, session, this.config);
    return SessionResponseDto.from(session, UserResponseDto.from(await this.users.get(session.userId)));
  }
}
