import { createHash } from 'node:crypto';

import autocannon from 'autocannon';

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
  options: { connections: number; seconds: number },
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
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
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
