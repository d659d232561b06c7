import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

import { freePort } from '../global-setup.js';
import { runScript, scratchFolder } from '../support/processes.js';
import { testDatabaseUrl } from '../support/test-app.js';

function occupy(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** One line on stderr, exit code 1, and no stack trace. */
function expectOneClearLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('starting the API with a problem a person can fix', () => {
  it('names a wrong environment variable in one line', async () => {
    const result = await runScript('src/main.js', { PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Configuration error: PORT must be a whole number between 1 and 65535 (got "eighty").\n',
    );
  });

  it('says when the HTTP port is taken', async () => {
    const port = await freePort();
    const server = await occupy(port);
    try {
      const result = await runScript('src/main.js', {
        PORT: String(port),
        DATABASE_URL: testDatabaseUrl(),
        LOG_LEVEL: 'silent',
      });
      expectOneClearLine(result, new RegExp(`^Port ${port} is already in use: stop the program using it, or set PORT`));
    } finally {
      server.close();
    }
  });

  it('says when the embedded database port is taken', async () => {
    const port = await freePort();
    const server = await occupy(port);
    try {
      const result = await runScript('src/main.js', {
        EMBEDDED_PG_DIR: join(scratchFolder('cascade-port-'), 'pg'),
        EMBEDDED_PG_PORT: String(port),
      });
      expectOneClearLine(result, new RegExp(`^Port ${port} for the embedded PostgreSQL is already in use`));
    } finally {
      server.close();
    }
  });

  it('refuses an embedded data folder written by another PostgreSQL major version', async () => {
    const dir = scratchFolder('cascade-major-');
    writeFileSync(join(dir, 'PG_VERSION'), '15\n');
    const result = await runScript('src/main.js', { EMBEDDED_PG_DIR: dir, EMBEDDED_PG_PORT: String(await freePort()) });
    expectOneClearLine(result, /was written by PostgreSQL 15, but Cascade bundles PostgreSQL \d+: .*move it away/);
  });

  it('refuses an embedded data folder another PostgreSQL holds', async () => {
    const dir = scratchFolder('cascade-locked-');
    writeFileSync(join(dir, 'PG_VERSION'), '18\n');
    // A live process (this test) named in the lock file, and nothing answering on the port.
    writeFileSync(join(dir, 'postmaster.pid'), `${process.pid}\n${dir}\n`);
    const result = await runScript('src/main.js', { EMBEDDED_PG_DIR: dir, EMBEDDED_PG_PORT: String(await freePort()) });
    expectOneClearLine(result, new RegExp(`is in use by another PostgreSQL \\(pid ${process.pid}\\): stop the other`));
  });
});
