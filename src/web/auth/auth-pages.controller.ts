import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

import {
  assertCsrfToken,
  AUTH_COOKIES,
  type AuthUser,
  CurrentUser,
  Permission,
  Public,
  RequirePermission,
} from '@cascade/auth';
import { AppException, requestLocale } from '@cascade/common';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { isLocale, LOCALE_COOKIE, translate } from '@cascade/i18n';

import { AuthService } from '../../modules/auth/auth.service.js';
import { clearSessionCookies, setSessionCookies } from '../../modules/auth/session-cookies.js';
import { UsersService } from '../../modules/users/users.service.js';
import { type FormErrors, formRefusal } from '../layout/form-errors.js';
import { PageRenderer } from '../layout/page-renderer.js';
import { safeReturnTo } from '../layout/return-to.js';
import { WebExceptionFilter } from '../layout/web-exception.filter.js';
import { formText, WebForm } from '../layout/web-form.js';
import { type PageRequest, WebSession } from '../layout/web-session.js';

/**
 * Signing in and out, renewing an expired session, and changing one's password, as pages: the same
 * AuthService and UsersService as the API's /auth and /me routes, the same httpOnly cookies.
 */
@ApiExcludeController()
@Controller()
@UseFilters(WebExceptionFilter)
export class AuthPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
    private readonly session: WebSession,
  ) {}

  @Get('sign-in')
  @Public()
  async signInPage(
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('returnTo') returnTo?: string,
  ): Promise<void> {
    const back = safeReturnTo(returnTo);
    if (await this.session.optionalUser(request)) return void reply.redirect(back, HttpStatus.SEE_OTHER);
    void reply.send(await this.renderSignIn(request, reply, { returnTo: back, email: '', errors: {} }));
  }

  /** Limited per IP address like POST /auth/sign-in, and paused per account by AuthService. */
  @Post('sign-in')
  @Public()
  @WebForm()
  @UseGuards(ThrottlerGuard)
  async signIn(@Req() request: PageRequest, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    assertCsrfToken(request);
    const email = formText(body, 'email');
    const password = (body as Record<string, unknown>)?.password;
    const back = safeReturnTo(formText(body, 'returnTo'));
    const locale = requestLocale(request);
    const errors: FormErrors = {};
    if (!email) errors.email = [translate(locale, 'validation.isNotEmpty')];
    if (typeof password !== 'string' || password === '') errors.password = [translate(locale, 'validation.isNotEmpty')];
    if (Object.keys(errors).length > 0) {
      return void reply.send(await this.renderSignIn(request, reply, { returnTo: back, email, errors }, 400));
    }
    let userId: string;
    try {
      userId = await this.auth.validateCredentials(email, password as string);
    } catch (error) {
      const { error: refused, errors: messages, status } = formRefusal(error, locale);
      void reply.headers(refused.headers);
      const form = Object.values(messages).flat();
      return void reply.send(
        await this.renderSignIn(request, reply, { returnTo: back, email, errors: { form } }, status),
      );
    }
    // A language picked on the sign-in page (or earlier on this browser) is the account's from now on.
    const chosen = request.cookies?.[LOCALE_COOKIE];
    if (isLocale(chosen)) await this.users.chooseLocale(userId, chosen);
    setSessionCookies(reply, await this.auth.startSession(userId), this.config);
    void reply.redirect(back, HttpStatus.SEE_OTHER);
  }

  /**
   * Renews an expired session with the refresh cookie (sent only to /auth) and goes back to the page;
   * without a valid one, to the sign-in page, which comes back there afterwards. A GET, so a page's
   * link can lead here; the strict SameSite cookie keeps other sites from using it.
   */
  @Get('auth/resume')
  @Public()
  async resume(
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('returnTo') returnTo?: string,
  ): Promise<void> {
    const back = safeReturnTo(returnTo);
    const token = request.cookies?.[AUTH_COOKIES.refresh];
    if (token) {
      try {
        setSessionCookies(reply, await this.auth.refresh(token), this.config);
        return void reply.redirect(back, HttpStatus.SEE_OTHER);
      } catch (error) {
        if (!(error instanceof AppException)) throw error;
      }
    }
    clearSessionCookies(reply, this.config);
    void reply.redirect(`/sign-in?returnTo=${encodeURIComponent(back)}`, HttpStatus.SEE_OTHER);
  }

  /** Ends the session (its refresh tokens revoked, as POST /auth/sign-out does) and forgets the cookies. */
  @Post('auth/end-session')
  @Public()
  @WebForm()
  async signOut(@Req() request: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    assertCsrfToken(request);
    await this.auth.signOut(request.cookies?.[AUTH_COOKIES.refresh], request.cookies?.[AUTH_COOKIES.access]);
    clearSessionCookies(reply, this.config);
    void reply.redirect('/sign-in', HttpStatus.SEE_OTHER);
  }

  @Get('account/password')
  @RequirePermission(Permission.ProfileManage)
  async passwordPage(@Req() request: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    void reply.send(await this.renderPassword(request, reply, { errors: {}, saved: false }));
  }

  @Post('account/password')
  @RequirePermission(Permission.ProfileManage)
  @WebForm()
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Req() request: PageRequest,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const locale = requestLocale(request);
    const field = (name: string) => {
      const value = (body as Record<string, unknown> | undefined)?.[name];
      return typeof value === 'string' ? value : '';
    };
    const errors: FormErrors = {};
    if (field('newPassword') !== field('confirmPassword')) {
      errors.confirmPassword = [translate(locale, 'web.password.mismatch')];
    }
    if (Object.keys(errors).length === 0) {
      try {
        await this.users.changePassword(user, field('currentPassword'), field('newPassword'));
        return void reply.send(await this.renderPassword(request, reply, { errors: {}, saved: true }));
      } catch (error) {
        Object.assign(errors, formRefusal(error, locale).errors);
      }
    }
    void reply.send(await this.renderPassword(request, reply, { errors, saved: false }, HttpStatus.BAD_REQUEST));
  }

  private renderSignIn(
    request: PageRequest,
    reply: FastifyReply,
    model: { returnTo: string; email: string; errors: FormErrors },
    status = 200,
  ): Promise<string> {
    return this.pages.render(request, reply, 'auth/sign-in', { titleKey: 'web.auth.sign_in_title', model, status });
  }

  private renderPassword(
    request: PageRequest,
    reply: FastifyReply,
    model: { errors: FormErrors; saved: boolean },
    status = 200,
  ): Promise<string> {
    return this.pages.render(request, reply, 'auth/password', { titleKey: 'web.password.title', model, status });
  }
}
