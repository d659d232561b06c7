import type { LightMyRequestResponse } from 'fastify';

import type { TestUser } from '../factories/users.js';
import type { TestApp } from './test-app.js';

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  /** The cookies the answer set, ready to send back in a Cookie header. */
  cookies: Record<string, string>;
  response: LightMyRequestResponse;
}

export async function signIn(app: TestApp, user: Pick<TestUser, 'email' | 'password'>): Promise<SignedIn> {
  const response = await app.request({
    method: 'POST',
    url: '/auth/sign-in',
    payload: { email: user.email, password: user.password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ accessToken: string; refreshToken: string }>();
  const cookies = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
  return { accessToken: body.accessToken, refreshToken: body.refreshToken, cookies, response };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const cookieHeader = (cookies: Record<string, string>) => ({
  cookie: Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; '),
});
