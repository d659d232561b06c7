import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { MIGRATIONS } from '../../migrations/index.js';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.js';
import { freePort } from '../global-setup.js';
import { builtScript, collect, ROOT, scratchFolder, waitForOutput } from '../support/processes.js';

/** PostgreSQL processes still running on a data folder. */
function postgresProcessesOn(dir: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.includes('postgres') && line.includes(dir));
}

describe('npm run demo', () => {
  jest.setTimeout(120_000);

  const dir = join(scratchFolder('cascade-demo-'), 'pg');

  async function runDemoUntilCtrlC(): Promise<{ banner: string; code: number | null }> {
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', EMBEDDED_PG_DIR: dir, EMBEDDED_PG_PORT: String(await freePort()) };
    // Its own process group, so the signal below reaches the demo, its worker and PostgreSQL, as Ctrl-C does.
    const demo = spawn(process.execPath, [builtScript('src/cli/demo.js')], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), LOG_LEVEL: 'warn' },
      detached: true,
    });
    const finished = collect(demo, 40_000);
    try {
      const banner = await waitForOutput(demo, 'Press Ctrl-C to stop.', 40_000);
      await expectItServes(port);
      process.kill(-(demo.pid as number), 'SIGINT');
      const { code } = await finished;
      return { banner, code };
    } finally {
      // Whatever failed above, leave no demo, worker or PostgreSQL behind.
      try {
        process.kill(-(demo.pid as number), 'SIGKILL');
      } catch {
        // The group has already gone: the normal case.
      }
    }
  }

  async function expectItServes(port: number): Promise<void> {
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const signIn = await fetch(`http://127.0.0.1:${port}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'officer.tj-ua@demo.cascade.test', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const countries = await fetch(`http://127.0.0.1:${port}/countries`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(((await countries.json()) as { code: string }[]).map((c) => c.code)).toEqual(['TJ', 'UA']);
  }

  it('starts on a new embedded database, seeds it, and stops cleanly on Ctrl-C', async () => {
    const { banner, code } = await runDemoUntilCtrlC();
    expect(banner).toMatch(
      new RegExp(
        `Migrations applied: ${MIGRATIONS.length}; demo data added: 3 countries, 22 regions, 22 organizations, 7 users, ` +
          '26 trainers, 4 courses, 60 events, 1500 trainees, \\d+ attendance marks\\.',
      ),
    );
    expect(banner).toContain('officer.kg@demo.cascade.test');
    expect(banner).toMatch(/Issuing certificates for \d+ completed events in the background\./);
    expect(banner).toMatch(/Cascade is running at http:\/\/127\.0\.0\.1:\d+/);
    expect(code).toBe(0);
    expect(postgresProcessesOn(dir)).toEqual([]);
  });

  it('starts again on the same folder without adding anything twice', async () => {
    const { banner, code } = await runDemoUntilCtrlC();
    expect(banner).toContain(
      'Migrations applied: 0; demo data added: 0 countries, 0 regions, 0 organizations, 0 users, ' +
        '0 trainers, 0 courses, 0 events, 0 trainees, 0 attendance marks.',
    );
    expect(code).toBe(0);
    expect(postgresProcessesOn(dir)).toEqual([]);
  });
});
