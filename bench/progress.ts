import type pg from 'pg';

import { Breakdown } from '../src/modules/reports/indicators.js';
import { cascadeSql, coversWholeYears, progressSql } from '../src/modules/reports/reports.repository.js';
import { percentile, say } from './support.js';

export const PROGRESS_COUNTRY = 'KG';
export const PROGRESS_FROM = '2025-01-01';
export const PROGRESS_TO = '2025-12-31';
export const PROGRESS_BREAKDOWNS = [
  Breakdown.None,
  Breakdown.Quarter,
  Breakdown.Sex,
  Breakdown.Profession,
  Breakdown.Region,
];

export interface Timings {
  api: number[];
  sql: number[];
}

export interface ProgressResult {
  overall: Timings;
  byBreakdown: Map<Breakdown, Timings>;
}

/**
 * GET /reports/progress through HTTP, signed in as an officer, against the very SQL the
 * repository builds — the indicators and the cascade, side by side on two connections as the
 * service runs them — run directly through pg; each round asks every breakdown both ways, in turns,
 * so a change in the machine's load falls on both sides alike.
 */
export async function measureProgress(
  apiUrl: string,
  token: string,
  clients: [pg.Client, pg.Client],
  rounds: number,
): Promise<ProgressResult> {
  const overall: Timings = { api: [], sql: [] };
  const byBreakdown = new Map(PROGRESS_BREAKDOWNS.map((b) => [b, { api: [], sql: [] }]));
  const wholeYears = coversWholeYears(PROGRESS_FROM, PROGRESS_TO);

  const viaApi = async (breakdown: Breakdown) => {
    const query = new URLSearchParams({ country: PROGRESS_COUNTRY, from: PROGRESS_FROM, to: PROGRESS_TO, breakdown });
    const started = performance.now();
    const response = await fetch(`${apiUrl}/reports/progress?${query.toString()}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET /reports/progress answered ${response.status}: ${body}`);
    return elapsed;
  };
  const direct = async (breakdown: Breakdown) => {
    const query = { country: PROGRESS_COUNTRY, from: PROGRESS_FROM, to: PROGRESS_TO, breakdown };
    const progress = progressSql(query, wholeYears);
    const cascade = cascadeSql(query);
    const started = performance.now();
    await Promise.all([clients[0].query(progress.sql, progress.params), clients[1].query(cascade.sql, cascade.params)]);
    return performance.now() - started;
  };

  // Warm both paths (plans, caches, the app's first requests) before counting.
  for (const breakdown of PROGRESS_BREAKDOWNS) {
    await viaApi(breakdown);
    await direct(breakdown);
  }
  for (let round = 0; round < rounds; round++) {
    for (const breakdown of PROGRESS_BREAKDOWNS) {
      const apiFirst = round % 2 === 0;
      const api = apiFirst ? await viaApi(breakdown) : 0;
      const sql = await direct(breakdown);
      const apiTime = apiFirst ? api : await viaApi(breakdown);
      const timings = byBreakdown.get(breakdown) as Timings;
      timings.api.push(apiTime);
      timings.sql.push(sql);
      overall.api.push(apiTime);
      overall.sql.push(sql);
    }
    if ((round + 1) % 10 === 0) {
      say(
        `  progress: ${round + 1}/${rounds} rounds, p50 API ${percentile(overall.api, 50).toFixed(1)} ms, SQL ${percentile(overall.sql, 50).toFixed(1)} ms`,
      );
    }
  }
  return { overall, byBreakdown };
}
