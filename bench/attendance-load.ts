import { createHash } from 'node:crypto';

import autocannon from 'autocannon';
import type pg from 'pg';

import type { RunningServer } from './support.js';

export const MARKS_PER_REQUEST = 30;
const STATUSES = ['present', 'present', 'present', 'present', 'present', 'late', 'excused', 'absent'];

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  marks: number;
  p50: number;
  p99: number;
  failed: number;
  /** The server process's CPU time per answered request, when it could be read. */
  serverCpuMsPerRequest: number | null;
}

/** A uuid made from a name: the same session and trainee get the same mark id on every request. */
function markId(sessionId: string, traineeId: string): string {
  const hex = createHash('md5').update(`${sessionId}:${traineeId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * PUT /sessions/:id/attendance with 30 marks, the pool's sessions in turn: the first pass inserts,
 * later passes carry a newer markedAt and so update, as a trainer correcting a roster would.
 */
export async function attendanceLoad(
  server: RunningServer,
  token: string | null,
  pool: { sessionId: string; traineeIds: string[] }[],
  options: { connections: number; seconds: number; minimal?: boolean },
): Promise<LoadResult> {
  let next = 0;
  const rosters = pool.map(({ sessionId, traineeIds }) => ({
    sessionId,
    marks: traineeIds.slice(0, MARKS_PER_REQUEST).map((traineeId, i) => ({
      id: markId(sessionId, traineeId),
      traineeId,
      status: STATUSES[i % STATUSES.length],
    })),
  }));
  const cpuBefore = server.cpuMs();
  const result = await autocannon({
    url: server.url,
    connections: options.connections,
    duration: options.seconds,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      // As the roster page sends it: the counts back, not the roster.
      ...(options.minimal ? { prefer: 'return=minimal' } : {}),
    },
    requests: [
      {
        method: 'PUT',
        setupRequest: (request) => {
          const roster = rosters[next++ % rosters.length];
          const markedAt = new Date().toISOString();
          return {
            ...request,
            path: `/sessions/${roster.sessionId}/attendance`,
            body: JSON.stringify({ marks: roster.marks.map((mark) => ({ ...mark, markedAt })) }),
          };
        },
      },
    ],
  });
  const ok = result['2xx'];
  const cpuAfter = server.cpuMs();
  return {
    requestsPerSecond: ok / (result.duration || options.seconds),
    requests: ok,
    marks: ok * MARKS_PER_REQUEST,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
    serverCpuMsPerRequest: cpuBefore === null || cpuAfter === null || ok === 0 ? null : (cpuAfter - cpuBefore) / ok,
  };
}

/** What the app's PostgreSQL connections were doing on average while `work` ran. */
export interface BackendStates {
  /** Running a statement. */
  busy: number;
  /** Inside a transaction, waiting for the app to send the next statement. */
  waitingInTransaction: number;
  /** Connected, between requests. */
  idle: number;
}

export async function sampleBackends<T>(
  client: pg.Client,
  applicationName: string,
  work: () => Promise<T>,
): Promise<{ result: T; states: BackendStates }> {
  const totals = { busy: 0, waitingInTransaction: 0, idle: 0 };
  let samples = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const { rows } = await client.query<{ state: string | null; n: string }>(
        `SELECT state, count(*) AS n FROM pg_stat_activity WHERE application_name = $1 GROUP BY state`,
        [applicationName],
      );
      samples++;
      for (const row of rows) {
        const n = Number(row.n);
        if (row.state === 'active') totals.busy += n;
        else if (row.state === 'idle in transaction') totals.waitingInTransaction += n;
        else if (row.state === 'idle') totals.idle += n;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  let result: T;
  try {
    result = await work();
  } finally {
    running = false;
    await sampler;
  }
  const average = (total: number) => total / Math.max(samples, 1);
  return {
    result,
    states: {
      busy: average(totals.busy),
      waitingInTransaction: average(totals.waitingInTransaction),
      idle: average(totals.idle),
    },
  };
}

/**
 * One side's runs taken as one: requests and CPU summed over the seconds of every run, the middle
 * run's p50 and the worst p99.
 */
export function combineLoads(runs: LoadResult[]): LoadResult {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.requests / Math.max(run.requestsPerSecond, 1e-9), 0);
  const cpu = runs.every((run) => run.serverCpuMsPerRequest !== null)
    ? runs.reduce((sum, run) => sum + (run.serverCpuMsPerRequest ?? 0) * run.requests, 0)
    : null;
  const p50s = runs.map((run) => run.p50).sort((a, b) => a - b);
  return {
    requestsPerSecond: requests / Math.max(seconds, 1e-9),
    requests,
    marks: runs.reduce((sum, run) => sum + run.marks, 0),
    p50: p50s[Math.floor((p50s.length - 1) / 2)],
    p99: Math.max(...runs.map((run) => run.p99)),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    serverCpuMsPerRequest: cpu === null || requests === 0 ? null : cpu / requests,
  };
}

/** The backends' states averaged over several samplings. */
export function averageStates(samples: BackendStates[]): BackendStates {
  const mean = (pick: (states: BackendStates) => number) =>
    samples.reduce((sum, states) => sum + pick(states), 0) / Math.max(samples.length, 1);
  return {
    busy: mean((s) => s.busy),
    waitingInTransaction: mean((s) => s.waitingInTransaction),
    idle: mean((s) => s.idle),
  };
}

/**
 * GET `path` as the signed-in user under the same load: what a request costs the app before its
 * route does anything (the token, the user, the guards, the request log, the answer).
 */
export async function authenticatedLoad(
  server: RunningServer,
  token: string,
  path: string,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  const cpuBefore = server.cpuMs();
  const result = await autocannon({
    url: `${server.url}${path}`,
    connections: options.connections,
    duration: options.seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  const ok = result['2xx'];
  const cpuAfter = server.cpuMs();
  return {
    requestsPerSecond: ok / (result.duration || options.seconds),
    requests: ok,
    marks: 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
    serverCpuMsPerRequest: cpuBefore === null || cpuAfter === null || ok === 0 ? null : (cpuAfter - cpuBefore) / ok,
  };
}
