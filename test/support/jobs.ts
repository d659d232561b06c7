import type { TestApp } from './test-app.js';

/**
 * Polls a job's status URL every 100 ms until it has completed or failed, and gives its status body;
 * fails after `seconds`, with the last answer.
 */
export async function awaitJob<T extends { state: string }>(
  app: TestApp,
  statusUrl: string,
  headers: Record<string, string>,
  seconds = 30,
): Promise<T> {
  for (let attempt = 0; attempt < seconds * 10; attempt++) {
    const res = await app.request({ method: 'GET', url: statusUrl, headers });
    const body = res.json<T>();
    if (body.state === 'completed' || body.state === 'failed') return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const last = await app.request({ method: 'GET', url: statusUrl, headers });
  throw new Error(`job ${statusUrl} did not finish in ${seconds} s: ${last.body}`);
}
