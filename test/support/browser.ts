import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import type { AppConfig } from '@cascade/config';

import { startTestApp, type TestApp } from './test-app.js';

/** Debian's chromium (apt, listed in .ci/run), driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the tests write screenshots; git ignores it. */
export const SCREENSHOTS = resolve(__dirname, '..', '..', 'test-output', 'screenshots');

export interface ListeningApp extends TestApp {
  url: string;
}

/** The real app listening on 127.0.0.1 on a free port, for a real browser. */
export async function startListeningApp(config?: AppConfig): Promise<ListeningApp> {
  const app = await startTestApp(config);
  await app.api.listen(0, '127.0.0.1');
  const { port } = app.api.getHttpServer().address() as AddressInfo;
  return { ...app, url: `http://127.0.0.1:${port}` };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking'],
  });
}

/** A phone-sized window in the given language. */
export function phoneContext(browser: Browser, app: ListeningApp, locale: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: app.url,
    locale,
    viewport: { width: 390, height: 800 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
}

/** Submits the form a button belongs to and waits for the page it leads to. */
export async function submitForm(page: Page, button: string): Promise<void> {
  // A mark on the page before submitting: the next document, fully loaded, no longer has it
  // (waitForNavigation could miss a navigation that committed before it was listening).
  await page.evaluate('window.beforeSubmit = true');
  // Pressed from the keyboard: under load a long form may still be reflowing when a pointer
  // click lands, and another field takes the click.
  await page.focus(button);
  await page.keyboard.press('Enter');
  // A function, not a string: the pages' Content Security Policy forbids eval.
  await page.waitForFunction(() => {
    const page = globalThis as unknown as { beforeSubmit?: boolean; document: { readyState: string } };
    return !page.beforeSubmit && page.document.readyState === 'complete';
  });
}

export async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.click('form.narrow button')]);
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (none is the goal). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the page's own CSP stays in force for everything else.
  await page.evaluate(AXE);
  // A string, as the tests are compiled without the DOM's types: it runs in the page.
  const violations = await page.evaluate('axe.run(document).then((result) => result.violations)');
  if (!Array.isArray(violations)) throw new Error('axe-core did not run on the page');
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * What a first load of the page costs over the wire: its HTML, styles and scripts as the server
 * sends them to a browser that accepts gzip (the service worker's script included).
 */
export async function pageWeight(app: TestApp, path: string, cookie: string): Promise<Record<string, number>> {
  const get = (url: string) =>
    app.request({
      method: 'GET',
      url,
      headers: { accept: 'text/html', 'accept-encoding': 'gzip', 'accept-language': 'ru', cookie },
    });
  const wire = (res: Awaited<ReturnType<typeof get>>) =>
    res.headers['content-encoding'] === 'gzip' ? res.rawPayload.length : gzipSync(res.rawPayload).length;
  const html = await get(path);
  const plain = await app.request({ method: 'GET', url: path, headers: { accept: 'text/html', cookie } });
  const assets = [...plain.body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  const weights: Record<string, number> = { [path]: wire(html) };
  for (const asset of [...assets, '/sw.js']) weights[asset] = wire(await get(asset));
  return weights;
}
