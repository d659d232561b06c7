import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { type Browser, chromium } from 'playwright-core';

import { Role } from '@cascade/auth';
import { QueueName } from '@cascade/queue';

import { createUser } from '../factories/users.js';
import { signIn } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const inCi = !!process.env.CI && process.env.CI !== 'false';
if (!CHROMIUM && !inCi) console.warn('chromium is not installed: skipping the queue board browser test.');
const itInBrowser = CHROMIUM || inCi ? it : it.skip;

/**
 * bull-board's own page, in a real browser signed in with the session cookie: its script must get
 * past the CSRF check on its own, which it does by echoing the XSRF-TOKEN copy the board sets.
 */
describe('the queue board in a browser', () => {
  let app: TestApp;
  let browser: Browser | undefined;

  beforeAll(async () => {
    app = await startTestApp();
    await app.api.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await browser?.close();
    await app.close();
  });

  itInBrowser("pauses a queue from the board's menu, the page sending the CSRF token itself", async () => {
    const { port } = app.api.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const { cookies } = await signIn(app, await createUser(app.dataSource, { role: Role.Admin }));
    browser = await chromium.launch({ executablePath: CHROMIUM ?? 'chromium', args: ['--no-sandbox'] });
    const context = await browser.newContext();
    await context.addCookies(Object.entries(cookies).map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();

    await page.goto(`${base}/admin/queues/queue/${QueueName.Certificates}`);
    await page.locator('button[aria-haspopup]').first().click();
    await page.locator('[role=menuitem]', { hasText: 'Pause' }).click();
    const [pause] = await Promise.all([
      page.waitForResponse((res) => res.url().endsWith(`/api/queues/${QueueName.Certificates}/pause`)),
      page.locator('[role=dialog] button, [role=alertdialog] button', { hasText: 'Confirm' }).click(),
    ]);

    expect(pause.request().method()).toBe('PUT');
    expect(pause.request().headers()['x-xsrf-token']).toBe(cookies.cascade_csrf);
    expect(pause.status()).toBe(200);
    const queue = app.api.get<Queue>(getQueueToken(QueueName.Certificates), { strict: false });
    expect(await queue.isPaused()).toBe(true);
    await queue.resume();
  });
});
