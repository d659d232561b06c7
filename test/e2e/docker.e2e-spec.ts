import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const COMPOSE_FILE = 'docker/compose.yaml';
const SERVICES = ['postgres', 'redis', 'migrate', 'api', 'worker', 'proxy'];

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

describe('docker/Caddyfile', () => {
  const caddyfile = readFileSync(resolve(ROOT, 'docker/Caddyfile'), 'utf8');

  it("spreads requests over every replica compose's DNS names api, looked up again, skipping unhealthy ones", () => {
    expect(caddyfile).toMatch(/^\s*dynamic a api 3000 \{\n\s*refresh \d+s\n\s*\}$/m);
    expect(caddyfile).toMatch(/^\s*lb_policy round_robin$/m);
    expect(caddyfile).toMatch(/^\s*health_uri \/health$/m);
  });

  it("passes on the connecting client's address, not one the client wrote", () => {
    expect(caddyfile).toMatch(/^\s*header_up X-Forwarded-For \{remote_host\}$/m);
  });
});

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

  itWithCompose('defines postgres, redis, the one-shot migrate, the api, the worker and the proxy', () => {
    const result = compose('config');
    expect(result.status).toBe(0);
    expect(serviceNames(result.stdout)).toEqual(expect.arrayContaining(SERVICES));
  });

  itWithCompose('runs two api replicas reached only through the proxy, which publishes the port', () => {
    const result = compose('config');
    expect(result.status).toBe(0);
    const api = serviceBlock(result.stdout, 'api');
    expect(api).toMatch(/^ {4}deploy:\n {6}replicas: 2$/m);
    // Two replicas cannot both bind one host port: only the proxy has one.
    expect(api).not.toMatch(/^ {4}ports:/m);
    const proxy = serviceBlock(result.stdout, 'proxy');
    expect(proxy).toMatch(/^ {4}image: caddy:2$/m);
    expect(proxy).toMatch(/^ {4}- published: "?3000"?\n {6}target: 80$/m);
    expect(proxy).toMatch(/^ {4}- .*\/docker\/Caddyfile:\/etc\/caddy\/Caddyfile:ro$/m);
    expect(proxy).toMatch(/^ {6}api:\n {8}condition: service_healthy$/m);
    // The API takes the client's address from the proxy's X-Forwarded-For.
    expect(api).toMatch(/^ {6}TRUST_PROXY: "true"$/m);
  });

  itWithCompose('shares no volume between processes: export files live in the database', () => {
    const result = compose('config');
    expect(result.status).toBe(0);
    for (const service of ['api', 'worker']) {
      const block = serviceBlock(result.stdout, service);
      expect(block).not.toMatch(/^ {4}volumes:/m);
      expect(block).not.toMatch(/EXPORT_DIR/);
    }
    const volumes = /^volumes:\n((?: {2}.*\n?)*)/m.exec(result.stdout)?.[1] ?? '';
    expect([...volumes.matchAll(/^ {2}([\w.-]+):/gm)].map((match) => match[1]).sort()).toEqual([
      'postgres-data',
      'redis-data',
    ]);
  });
});
