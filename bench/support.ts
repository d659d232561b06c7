import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** What the run prints as it goes: one line, with the seconds since it started. */
const started = performance.now();
export const say = (line: string): void => {
  process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface RunningServer {
  url: string;
  /** CPU time the server's process has used so far, in ms (Linux /proc; null elsewhere). */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

/** Starts bench/servers.ts as a child process and waits for its address. */
export async function startServer(mode: 'app' | 'baseline', env: Record<string, string>): Promise<RunningServer> {
  const script = fileURLToPath(new URL('./servers.js', import.meta.url));
  // BENCH_CPU_PROF=<folder>: the app writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = mode === 'app' && process.env.BENCH_CPU_PROF;
  const child: ChildProcess = fork(script, [mode], {
    env: { ...process.env, ...env, BENCH_SERVER_PORT: String(await freePort()) },
    execArgv: profile ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profile}`] : process.execArgv,
    // The app's request log is part of its cost, but not something to read here.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the ${mode} server exited with ${String(code)} before it was ready`);
  });
  const ready = once(child, 'message').then(([message]) => (message as { url: string }).url);
  const url = await Promise.race([ready, exited]);
  exited.catch(() => undefined);
  return {
    url,
    cpuMs: () => processCpuMs(child.pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      await gone;
    },
  };
}

export async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** utime + stime of a process from /proc/<pid>/stat, in ms (clock ticks of 10 ms). */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Runs bench/import-child.ts on one file and waits for its figures. */
export async function runImportChild<T>(args: string[]): Promise<T> {
  const script = fileURLToPath(new URL('./import-child.js', import.meta.url));
  // BENCH_CPU_PROF=<folder>: each import writes a V8 CPU profile there too.
  const profile = process.env.BENCH_CPU_PROF;
  const child: ChildProcess = fork(script, args, {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: profile ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profile}`] : process.execArgv,
  });
  let result: T | undefined;
  child.on('message', (message) => {
    result = message as T;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0 || result === undefined) throw new Error(`the import exited with ${String(code)}`);
  return result;
}
