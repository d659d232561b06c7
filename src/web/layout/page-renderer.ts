import '@fastify/view';

import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import type { AuthUser } from '@cascade/auth';
import { requestLocale } from '@cascade/common';
import { type Locale, SUPPORTED_LOCALES, translate, type TranslationParams } from '@cascade/i18n';

import { AssetUrls } from './assets.js';
import { navFor } from './navigation.js';
import { type PageRequest, WebSession } from './web-session.js';

/** What every template sees as `it.page`: the layout's needs and the translate function. */
export interface PageContext {
  locale: Locale;
  t: (key: string, params?: TranslationParams) => string;
  title: string;
  user: AuthUser | null;
  nav: { href: string; label: string; current: boolean }[];
  csrfToken: string;
  /** This page's own path and query: where the language switch comes back to. */
  path: string;
  locales: { code: Locale; name: string }[];
  asset: (name: string) => string;
  scripts: string[];
}

export interface PageOptions {
  /** An i18n key: the page's <title> and heading. */
  titleKey: string;
  titleParams?: TranslationParams;
  /** The page's own data, beside `page` in the template's `it`. */
  model?: Record<string, unknown>;
  status?: number;
  /** Page scripts beyond app.js, by asset name. */
  scripts?: string[];
  /** The page's language when it is not the visitor's own (a trainee's feedback form: theirs). */
  locale?: Locale;
}

/**
 * Renders a page in the layout, in the request's language (the user's, else the visitor's cookie,
 * else Accept-Language), with the menu the user's role may use and the CSRF token for its forms.
 */
@Injectable()
export class PageRenderer {
  constructor(
    private readonly assets: AssetUrls,
    private readonly session: WebSession,
  ) {}

  async render(request: PageRequest, reply: FastifyReply, template: string, options: PageOptions): Promise<string> {
    const user = await this.session.optionalUser(request);
    const locale = options.locale ?? requestLocale(request);
    const t = (key: string, params?: TranslationParams) => translate(locale, key, params);
    const path = request.url;
    const page: PageContext = {
      locale,
      t,
      title: t(options.titleKey, options.titleParams),
      user,
      nav: navFor(user).map((item) => ({
        href: item.href,
        label: t(item.labelKey),
        current: path === item.href || path.startsWith(`${item.href}/`),
      })),
      csrfToken: this.session.csrfToken(request, reply),
      path,
      locales: SUPPORTED_LOCALES.map((code) => ({ code, name: translate(code, 'web.language.name') })),
      asset: (name) => this.assets.url(name),
      // The offline queue first: app.js (sign-out) and the roster use it.
      scripts: [...(user ? ['offline-queue.js'] : []), 'app.js', ...(options.scripts ?? [])].map((name) =>
        this.assets.url(name),
      ),
    };
    const vary = String(reply.getHeader('vary') ?? '');
    void reply
      .status(options.status ?? 200)
      .header('content-language', locale)
      .header('vary', vary || 'Cookie, Accept-Language')
      // Pages hold personal data: browsers check back each time (the service worker keeps the offline copies).
      .header('cache-control', 'private, no-cache');
    return reply.viewAsync(template, { ...options.model, page });
  }
}
