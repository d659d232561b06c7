import type { LightMyRequestResponse } from 'fastify';

import type { TestApp } from './test-app.js';

/** A browser's Accept header: pages answer it with HTML. */
export const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** Cookies as a browser keeps them: each answer's Set-Cookie updates the jar. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      const expired = cookie.expires !== undefined && new Date(cookie.expires).getTime() <= Date.now();
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  header(): Record<string, string> {
    return this.cookies.size === 0
      ? {}
      : {
          cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        };
  }
}

/** A visitor with a cookie jar, asking for pages as a browser does. */
export class Visitor {
  readonly jar = new CookieJar();

  constructor(
    private readonly app: TestApp,
    private readonly language = 'en',
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.jar.take(
      await this.app.request({
        method: 'GET',
        url,
        headers: { ...HTML, 'accept-language': this.language, ...this.jar.header() },
      }),
    );
  }

  /** Sends a form the way a browser does, with the page's CSRF token unless told otherwise. */
  async post(url: string, fields: Record<string, string>, options: { csrf?: string | null } = {}) {
    const csrf = options.csrf === undefined ? this.jar.cookies.get('cascade_csrf') : options.csrf;
    const form = new URLSearchParams({ ...fields, ...(csrf ? { _csrf: csrf } : {}) });
    return this.jar.take(
      await this.app.request({
        method: 'POST',
        url,
        headers: {
          ...HTML,
          'accept-language': this.language,
          'content-type': 'application/x-www-form-urlencoded',
          ...this.jar.header(),
        },
        payload: form.toString(),
      }),
    );
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email, password, returnTo: '/' });
    if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode} ${res.body.slice(0, 500)}`);
    return res;
  }
}

/** Follows an export's page until it links the file (the worker writes it); the file's link. */
export async function exportedFile(visitor: Visitor, statusPage: string): Promise<string> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const page = await visitor.get(statusPage);
    expect(page.statusCode).toBe(200);
    const link = /id="export-download" href="([^"]+)"/.exec(page.body);
    if (link) return link[1];
    expect(page.body).not.toContain('notice error');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the export did not finish');
}
