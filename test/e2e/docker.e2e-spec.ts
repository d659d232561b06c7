import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const COMPOSE_FILE = 'docker/compose.yaml';
const SERVICES = ['postgres', 'redis', 'migrate', 'api', 'worker'];

interface ComposeClient {
  command: string;
  args: string[];
}

/** Compose v2 (`docker compose`) when installed, else the standalone v1 `docker-compose`, else none. */
function findComposeClient(): ComposeClient | undefined {
  const candidates: ComposeClient[] = [
    { command: 'docker', args: ['compose'] },
    { command: 'docker-compose', args: [] },
  ];
  return candidates.find(
    ({ command, args }) => spawnSync(command, [...args, 'version'], { stdio: 'ignore', timeout: 15_000 }).status === 0,
  );
}

const client = findComposeClient();
const itWithCompose = client ? it : it.skip;
const clientName = client ? [client.command, ...client.args].join(' ') : 'no compose client installed: skipped';

/** Runs the compose client on docker/compose.yaml from the repository root; no Docker engine is needed. */
function compose(...args: string[]): SpawnSyncReturns<string> {
  if (!client) throw new Error('No compose client is installed.');
  return spawnSync(client.command, [...client.args, '-f', COMPOSE_FILE, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** stderr without the warnings compose prints for things such as an unset variable. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '' && !/warn/i.test(line));
}

/** The names under the top-level `services:` key of `compose config` output (two-space indented keys). */
function serviceNames(yaml: string): string[] {
  const block = /^services:\n((?:[ \t].*\n|\n)*)/m.exec(yaml)?.[1] ?? '';
  return [...block.matchAll(/^ {2}([\w.-]+):/gm)].map((match) => match[1]);
}

/** The lines of one service in `compose config` output, up to the next service. */
function serviceBlock(yaml: string, name: string): string {
  return new RegExp(`^ {2}${name}:\\n((?: {4}.*\\n|\\n)*)`, 'm').exec(yaml)?.[1] ?? '';
}

describe('docker/Dockerfile', () => {
  const dockerfile = readFileSync(resolve(ROOT, 'docker/Dockerfile'), 'utf8');

  it('builds every stage on node:${NODE_VERSION}, Node.js 26 unless the build argument says otherwise', () => {
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=26$/m);
    const froms = dockerfile.match(/^FROM .*$/gm) ?? [];
    expect(froms.length).toBeGreaterThan(1);
    for (const from of froms) expect(from).toMatch(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim AS \w+/);
  });

  it('runs the final stage as the non-root node user', () => {
    const finalStage = dockerfile.split(/^FROM /m).at(-1) ?? '';
    expect(finalStage.match(/^USER .*$/gm)?.at(-1)).toBe('USER node');
  });
});

describe(`docker/compose.yaml (${clientName})`, () => {
  itWithCompose('is a valid compose file', () => {
    const result = compose('config', '-q');
    expect(errorLines(result.stderr)).toEqual([]);
    expect(result.status).toBe(0);
  });

  itWithCompose('defines postgres, redis, the one-shot migrate, the api and the worker', () => {
    const result = compose('config');
    expect(result.status).toBe(0);
    expect(serviceNames(result.stdout)).toEqual(expect.arrayContaining(SERVICES));
  });

  itWithCompose('gives the api and the worker one shared exports volume: the worker writes, the api serves', () => {
    const result = compose('config');
    expect(result.status).toBe(0);
    for (const service of ['api', 'worker']) {
      expect(serviceBlock(result.stdout, service)).toMatch(/^ {4}- exports:\/app\/\.data\/exports(:rw)?$/m);
    }
  });
});
