import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Body, Controller, Get, HttpStatus, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { assertCsrfToken, Public } from '@cascade/auth';
import { APP_CONFIG, type AppConfig } from '@cascade/config';
import { isLocale, LOCALE_COOKIE } from '@cascade/i18n';

import { UsersService } from '../../modules/users/users.service.js';
import { webRoot } from '../web-root.js';
import { AssetUrls } from './assets.js';
import { navFor } from './navigation.js';
import { PageRenderer } from './page-renderer.js';
import { safeReturnTo, signInUrl } from './return-to.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { formText, WebForm } from './web-form.js';
import { type PageRequest, WebSession } from './web-session.js';

const YEAR_SECONDS = 365 * 24 * 3600;

/** The pages' frame: the start page, the language switch and the service worker. */
@ApiExcludeController()
@Controller()
@UseFilters(WebExceptionFilter)
export class LayoutController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pages: PageRenderer,
    private readonly session: WebSession,
    private readonly users: UsersService,
    private readonly assets: AssetUrls,
  ) {}

  /** The start page: a signed-in user's menu, or the way to sign in. */
  @Get()
  @Public()
  async home(@Req() request: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = await this.session.optionalUser(request);
    if (!user) return void reply.redirect(signInUrl('/'), HttpStatus.SEE_OTHER);
    const [only, ...more] = navFor(user).filter((item) => item.href !== '/account/password');
    // One area of work for this role: go straight to it.
    if (only && more.length === 0) return void reply.redirect(only.href, HttpStatus.SEE_OTHER);
    void reply.send(await this.pages.render(request, reply, 'layout/home', { titleKey: 'web.home.title' }));
  }

  /**
   * The language switch: remembered on the account when someone is signed in (as PATCH /me does),
   * and in a cookie for the visitor either way, so the sign-in page keeps it too.
   */
  @Post('language')
  @Public()
  @WebForm()
  async language(
    @Req() request: PageRequest,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    assertCsrfToken(request);
    const locale = formText(body, 'locale');
    if (isLocale(locale)) {
      const user = await this.session.optionalUser(request);
      if (user) await this.users.updateMe(user, { locale });
      void reply.setCookie(LOCALE_COOKIE, locale, {
        path: '/',
        sameSite: 'lax',
        httpOnly: true,
        secure: this.config.env.COOKIE_SECURE ?? this.config.env.NODE_ENV === 'production',
        maxAge: YEAR_SECONDS,
      });
    }
    void reply.redirect(safeReturnTo(formText(body, 'returnTo')), HttpStatus.SEE_OTHER);
  }

  /**
   * The service worker, from the site's root so it may serve every page offline; never cached, so a
   * new version reaches the browser at once. The asset URLs of this build are written into it.
   */
  @Get('sw.js')
  @Public()
  async serviceWorker(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const script = await readFile(join(webRoot(), 'public', 'sw.js'), 'utf8');
    const build = JSON.stringify({ version: this.assets.version(), shell: this.assets.all() });
    void reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache');
    return script.replace("'__BUILD__'", build);
  }
}
