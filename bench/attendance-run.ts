import type pg from 'pg';

import {
  attendanceLoad,
  authenticatedLoad,
  averageStates,
  type BackendStates,
  combineLoads,
  type LoadResult,
  sampleBackends,
} from './attendance-load.js';
import { clearPool } from './dataset.js';
import type { Results } from './results.js';
import { type RunningServer, say } from './support.js';

interface AttendanceSetup {
  client: pg.Client;
  app: RunningServer;
  /** The event trainer's access token, for the app. */
  trainer: string;
  baseline: RunningServer;
  /** The bare route made to run `statements` statements a request. */
  baselineMany: RunningServer;
  pool: { sessionId: string; traineeIds: string[] }[];
  connections: number;
  seconds: number;
  rounds: number;
  statements: number;
}

/**
 * The roster write under load: the app both ways the roster page and the API ask it, the bare route
 * with one and with `statements` statements, and GET /me, each run from the pool's empty state.
 */
export async function measureAttendance(setup: AttendanceSetup): Promise<NonNullable<Results['load']>> {
  const { client, app, trainer, baseline, baselineMany, pool, connections, seconds, rounds } = setup;
  const measure = async (side: string, server: RunningServer, minimal = false): Promise<LoadResult> => {
    await clearPool(client);
    const result = await attendanceLoad(server, server === app ? trainer : null, pool, {
      connections,
      seconds,
      minimal,
    });
    say(
      `  ${side}: ${result.requestsPerSecond.toFixed(0)} requests/s (${result.marks.toLocaleString('en')} marks), ` +
        `p50 ${result.p50} ms, p99 ${result.p99} ms, failed ${result.failed}`,
    );
    return result;
  };
  // A warm-up of each, then the measured runs. The app's is longer, both ways it is measured: the
  // first run after a short one lost a third of its speed to V8 still compiling the app's code.
  await attendanceLoad(app, trainer, pool, { connections, seconds: 5, minimal: true });
  await attendanceLoad(app, trainer, pool, { connections, seconds: 5 });
  await attendanceLoad(baseline, null, pool, { connections, seconds: 2 });
  // The sides take turns, `rounds` times: the other load on a shared machine then falls on every
  // side alike, where one run a side gave ratios from 0.4× to 1.1× as it came and went.
  const runs: Record<'app' | 'appRoster' | 'baseline' | 'baselineMany' | 'me', LoadResult[]> = {
    app: [],
    appRoster: [],
    baseline: [],
    baselineMany: [],
    me: [],
  };
  const backendSamples: BackendStates[] = [];
  for (let round = 1; round <= rounds; round++) {
    say(`  round ${round} of ${rounds}`);
    // The app's DataSource names its connections 'cascade' (src/data-source.ts).
    const sampled = await sampleBackends(client, 'cascade', () => measure('app, Prefer: return=minimal', app, true));
    runs.app.push(sampled.result);
    backendSamples.push(sampled.states);
    runs.appRoster.push(await measure('app, the roster in the answer', app));
    runs.baseline.push(await measure('baseline', baseline));
    runs.baselineMany.push(await measure(`baseline, ${setup.statements} statements`, baselineMany));
    const me = await authenticatedLoad(app, trainer, '/me', { connections, seconds });
    say(`  app, GET /me: ${me.requestsPerSecond.toFixed(0)} requests/s, p50 ${me.p50} ms, failed ${me.failed}`);
    runs.me.push(me);
  }
  const appBackends = averageStates(backendSamples);
  say(
    `  the app's PostgreSQL connections: ${appBackends.busy.toFixed(1)} busy, ` +
      `${appBackends.waitingInTransaction.toFixed(1)} waiting for the app inside a transaction, ${appBackends.idle.toFixed(1)} idle`,
  );
  return {
    app: combineLoads(runs.app),
    appRoster: combineLoads(runs.appRoster),
    baseline: combineLoads(runs.baseline),
    baselineEight: combineLoads(runs.baselineMany),
    me: combineLoads(runs.me),
    appBackends,
    appStatements: setup.statements,
    seconds,
    rounds,
    connections,
    sessions: pool.length,
  };
}
