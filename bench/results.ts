import type { Breakdown } from '../src/modules/reports/indicators.js';
import { type BackendStates, type LoadResult, MARKS_PER_REQUEST } from './attendance-load.js';
import type { ExportRun } from './csv-export.js';
import type { DatasetSizes } from './dataset.js';
import type { DuplicateFigures } from './duplicates-load.js';
import { IMPORT_COUNTRY, type ImportFigures, importRowsPerSecond } from './import-load.js';
import type { Timings } from './progress.js';
import { percentile } from './support.js';

export interface ResultRow {
  figure: string;
  ours: number;
  /** null when the figure has a goal of its own and nothing to compare with. */
  baseline: number | null;
  goal: string;
  met: (ratio: number, ours: number) => boolean;
}

export interface Results {
  rows: ResultRow[];
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; load: string };
  sizes: DatasetSizes;
  /** Each part is absent when BENCH_ONLY left it out. */
  progress?: { country: string; from: string; to: string; rounds: number; byBreakdown: Map<Breakdown, Timings> };
  exports?: {
    stream: ExportRun;
    copy: ExportRun;
    rssGrowthMb: number[];
    runs: { stream: ExportRun; copy: ExportRun }[];
  };
  load?: {
    /** The app answering the counts alone (Prefer: return=minimal, as the roster page asks), like the baseline. */
    app: LoadResult;
    /** The app answering with the whole roster (the API's default). */
    appRoster: LoadResult;
    baseline: LoadResult;
    baselineEight: LoadResult;
    /** GET /me as the same user: the app's cost of a request before any route's work. */
    me: LoadResult;
    appBackends: BackendStates;
    appStatements: number;
    seconds: number;
    /** How many times the sides took turns, each run `seconds` long. */
    rounds: number;
    connections: number;
    sessions: number;
  };
  imports?: ImportFigures;
  duplicates?: DuplicateFigures;
  seconds: number;
}

const number = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const count = (value: number) => value.toLocaleString('en');

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** bench/RESULTS.md: the figures against their goals, then how they were made. */
export function renderResults(results: Results): string {
  const { machine, sizes } = results;
  const main = table(
    ['Figure', 'Ours', 'Baseline', 'Ratio', 'Goal', 'Met?'],
    results.rows.map((row) => {
      const ratio = row.baseline === null ? Number.NaN : row.ours / row.baseline;
      return [
        row.figure,
        number(row.ours),
        row.baseline === null ? '—' : number(row.baseline),
        row.baseline === null ? '—' : `${ratio.toFixed(2)}×`,
        row.goal,
        row.met(ratio, row.ours) ? 'yes' : '**no**',
      ];
    }),
  );
  const sections = [
    results.progress && progressSection(results.progress),
    results.exports && exportSection(results.exports),
    results.load && loadSection(results.load),
    results.imports && importSection(results.imports),
    results.duplicates && duplicatesSection(results.duplicates),
  ].filter((section) => section !== undefined);
  return `# Benchmark results

Written by \`npm run bench\` (${results.seconds.toFixed(0)} s in all). Ratio = ours ÷ baseline.

${main}

Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb.toFixed(0)} GB, Node.js ${machine.node},
PostgreSQL ${machine.postgres} (${machine.load}). The servers, PostgreSQL and the load generator share these CPUs.

Dataset: ${count(sizes.countries)} countries, ${count(sizes.regions)} regions, ${count(sizes.organizations)} organisations,
${count(sizes.trainers)} trainers, ${count(sizes.trainees)} trainees, ${count(sizes.courses)} courses,
${count(sizes.events)} events, ${count(sizes.sessions)} sessions, ${count(sizes.enrollments)} enrolments,
${count(sizes.attendanceMarks)} attendance marks, ${count(sizes.assessments)} assessments,
${count(sizes.certificates)} certificates, ${count(sizes.countryTargets)} country targets.

## How each figure was made

${sections.join('\n\n')}
`;
}

function progressSection(progress: NonNullable<Results['progress']>): string {
  const breakdowns = table(
    ['Breakdown', 'API p50', 'SQL p50', 'API p95', 'SQL p95'],
    [...progress.byBreakdown].map(([breakdown, t]) => [
      breakdown,
      number(percentile(t.api, 50)),
      number(percentile(t.sql, 50)),
      number(percentile(t.api, 95)),
      number(percentile(t.sql, 95)),
    ]),
  );
  return `**Progress report** — \`GET /reports/progress?country=${progress.country}&from=${progress.from}&to=${progress.to}\`
over HTTP to the real app (src/bootstrap.ts, its own process, request logging on), signed in as a
program officer, against the SQL \`progressSql()\` and \`cascadeSql()\` in src/modules/reports/reports.repository.ts
build for the same query, run through \`pg\` directly on two connections side by side, as the service runs them. ${progress.rounds} rounds, each asking every breakdown both
ways in turns; milliseconds:

${breakdowns}`;
}

function exportSection(exports: NonNullable<Results['exports']>): string {
  return `**CSV export** — every attendance mark with its session, event, country and trainee
(bench/csv-export.ts). The app has no export of a million rows, so the benchmark runs this query
through the app's own CSV path, \`csvCopyStream\` (libs/database/src/csv-copy.ts, as the trainee list
export uses it): PostgreSQL writes the CSV (\`COPY … TO STDOUT\`, text cells formula-escaped in the
query by \`csvSafeSql\`), the process adds the byte-order mark and the header and passes the bytes on
to a file; the baseline is \`COPY (same query) TO STDOUT\` through
pg-copy-streams to a file. Best of ${count(exports.runs.length)} runs each, in turns (ratios turn by turn: ${exports.runs.map((run) => `${(run.stream.ms / run.copy.ms).toFixed(2)}×`).join(', ')}): ${count(exports.stream.rows)} rows,
${(exports.stream.bytes / 2 ** 20).toFixed(0)} MB streamed, ${(exports.copy.bytes / 2 ** 20).toFixed(0)} MB copied.
RSS growth is the largest rise of the process's resident memory over its start, sampled every 20 ms,
the worst of the runs (${exports.rssGrowthMb.map((mb) => mb.toFixed(0)).join(', ')} MB): it moves with how soon V8's collector runs on a busy machine.`;
}

function loadSection(load: NonNullable<Results['load']>): string {
  return `**Bulk attendance** — autocannon, ${load.connections} connections, the sides in turns ${load.rounds} times for ${load.seconds} s each (the figures are over all ${load.rounds} runs of a side), \`PUT
/sessions/:id/attendance\` with ${MARKS_PER_REQUEST} marks as the event's trainer, cycling through
${count(load.sessions)} sessions (the first pass inserts, later ones update with a newer time). The
app checks the token and takes the user from its claims, then runs one statement (the function
\`record_roster\`, planned once per connection: src/modules/attendance/record-roster.sql.ts) that checks the claims, the account and the session,
the event's scope and editing window, each trainee's enrolment and repeats, writes the
marks, the audit row and the idempotency record and answers. The figure is the app asked
\`Prefer: return=minimal\`, as the roster page asks it: the answer is the counts, as the baseline's
is; the second line is the API's default answer, the whole roster with names and labels (the
statement builds it). The baseline (bare Fastify + pg, same pool size) runs only the app's
insert … on conflict statement and answers the count: one round trip to PostgreSQL a request, as the
app's roster write now. The third line is the bare route made to run ${load.appStatements} (\`SELECT 1\` before its
insert), as the app's other routes do (the user, then their own work): the
round trips alone take it to ${(load.baselineEight.requestsPerSecond / load.baseline.requestsPerSecond).toFixed(2)}× its own speed. While the app was under load, its
PostgreSQL connections were on average ${load.appBackends.busy.toFixed(1)} running a statement,
${load.appBackends.waitingInTransaction.toFixed(1)} inside a transaction waiting for the app and ${load.appBackends.idle.toFixed(1)} idle
(no transaction is held open across round trips any more); the server's CPU per request is in the
last column. The last line is the app answering \`GET /me\` as the same user under the same load:
what any request costs it before its route does anything.

| Side | Requests | Requests/s | p50 (ms) | p99 (ms) | Failed | Server CPU per request (ms) |
| --- | --- | --- | --- | --- | --- | --- |
${(
  [
    ['app, Prefer: return=minimal', load.app],
    ['app, the roster in the answer', load.appRoster],
    ['baseline', load.baseline],
    [`baseline, ${load.appStatements} statements`, load.baselineEight],
    ['app, GET /me (token, user, guards, log: no route work)', load.me],
  ] as const
)
  .map(([side, run]) => {
    const cpu = run.serverCpuMsPerRequest === null ? '—' : run.serverCpuMsPerRequest.toFixed(2);
    return `| ${side} | ${count(run.requests)} | ${number(run.requestsPerSecond)} | ${run.p50} | ${run.p99} | ${run.failed} | ${cpu} |`;
  })
  .join('\n')}`;
}

function importSection(imports: ImportFigures): string {
  return `**XLSX import with dedupe** — bench/import-load.ts: \`importXlsxEndToEnd\` (src/modules/imports/import-bench.ts),
the import as the API and the worker run it without HTTP or a queue: the file opened, every row
checked with duplicate detection against the registry (the dry run), stored, and committed in one
transaction. Names are drawn by weight from bench/names.ts (Kyrgyz, Tajik, Ukrainian and Russian
given names, surnames and patronymics; KG's trainees 80 % Kyrgyz, 20 % Russian), the seeded
trainees renamed so. The registry of ${IMPORT_COUNTRY} is first brought to ${count(imports.registrySize)} people by an
import of ${count(imports.registry.rows)}; the measured file (${imports.fileMb.toFixed(1)} MB) holds ${count(imports.measured.rows)} rows, of which
${count(imports.truePairs)} are registry people written another way (Latin letters, Russian letters for Kyrgyz
ones, given name first, a letter lost or doubled, capitals, no patronymic: bench/people.ts) and
the others new people drawn from the same frequencies, many of them namesakes of registered
people; the check flagged ${count(imports.flaggedRows)} rows with registry candidates. Each import runs in a process
of its own; peak RSS is that process's high-water mark (getrusage), Node.js and the app's modules
included (${imports.measured.startRssMb.toFixed(0)} MB before the file was read).

| File | Rows | Check (s) | Commit (s) | Rows/s | Peak RSS (MB) |
| --- | --- | --- | --- | --- | --- |
${(
  [
    ['registry', imports.registry],
    ['measured (the figure)', imports.measured],
  ] as const
)
  .map(
    ([file, run]) =>
      `| ${file} | ${count(run.rows)} | ${(run.checkMs / 1000).toFixed(1)} | ${(run.commitMs / 1000).toFixed(1)} | ` +
      `${number(importRowsPerSecond(run))} | ${run.peakRssMb.toFixed(0)} |`,
  )
  .join('\n')}`;
}

function duplicatesSection(figures: DuplicateFigures): string {
  const registry = figures.filledInSql
    ? `the registry of ${IMPORT_COUNTRY} filled in SQL to ${count(figures.registrySize)} trainees with the import benchmark's people
(\`BENCH_ONLY=duplicates\`, bench/registry-fill.ts)`
    : `the registry of ${IMPORT_COUNTRY} once the
import benchmark has brought it to ${count(figures.registrySize)} trainees (before its measured file)`;
  return `**Duplicate check, search and scan** — bench/duplicates-load.ts, on ${registry}, ${count(figures.registration.length)} rounds:
a registration's duplicate check (\`DuplicateDetector.findCandidates\` for one person, in process: a
registered person written another way every other round, a new one otherwise), p50
${number(percentile(figures.registration, 50))} ms, p95 ${number(percentile(figures.registration, 95))} ms; \`GET /trainees?search=\` over HTTP as an officer with a registered
name written another way (order, Latin letters, a typo), p50 ${number(percentile(figures.search, 50))} ms, p95 ${number(percentile(figures.search, 95))} ms; the
registry-wide scan (\`scanCountry\`, the job's work) of ${count(figures.scannedTrainees)} trainees in ${number(figures.scanSeconds)} s,
${count(figures.scanPairs)} pairs at or above the threshold. The labelled set's recall and precision are measured by
test/e2e/duplicate-detection.e2e-spec.ts (the fixture lives with the tests), not here.`;
}
