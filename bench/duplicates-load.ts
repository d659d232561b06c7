import type pg from 'pg';
import type { DataSource } from 'typeorm';

import { DuplicateDetector } from '../src/modules/trainees/duplicates/duplicate-detector.service.js';
import { scanCountry } from '../src/modules/trainees/duplicates/duplicate-scan.js';
import { drawPerson, rewritePerson, seededRandom } from './people.js';
import { percentile } from './support.js';

/** Lookups of each kind measured, one after another. */
const ROUNDS = Number(process.env.BENCH_DUPLICATE_ROUNDS ?? 200);

export interface DuplicateFigures {
  registrySize: number;
  /** The registry was filled in SQL (BENCH_ONLY=duplicates), not by the import benchmark. */
  filledInSql?: boolean;
  /** Milliseconds of one registration's duplicate check (DuplicateDetector, one person). */
  registration: number[];
  /** Milliseconds of GET /trainees?search= over HTTP, as an officer. */
  search: number[];
  scanSeconds: number;
  scanPairs: number;
  scannedTrainees: number;
}

/**
 * The duplicate figures on the registry of `countryCode` as the import benchmark builds it: the
 * duplicate check of a registration (a registered person written another way half of the time,
 * a new person otherwise), the name search over HTTP (names as people type them: another word
 * order, Latin letters, a typo), and the registry-wide scan of the country.
 */
export async function measureDuplicates(
  client: pg.Client,
  dataSource: DataSource,
  appUrl: string,
  officerToken: string,
  countryCode: string,
  say: (line: string) => void,
): Promise<DuplicateFigures> {
  const random = seededRandom(50);
  const { rows: registered } = await client.query<{ full_name: string; birth_year: number | null }>(
    `SELECT full_name, birth_year FROM trainees
      WHERE country_code = $1 AND name_key IS NOT NULL ORDER BY md5(id::text) LIMIT $2`,
    [countryCode, ROUNDS],
  );
  const registrySize = Number(
    (
      await client.query<{ count: string }>(
        `SELECT count(*) FROM trainees WHERE country_code = $1 AND name_key IS NOT NULL`,
        [countryCode],
      )
    ).rows[0].count,
  );
  const detector = new DuplicateDetector();
  const registration: number[] = [];
  const search: number[] = [];
  for (let i = 0; i < registered.length; i++) {
    const known = { fullName: registered[i].full_name, sex: 'female' as const, birthYear: 1980, phone: null };
    const person = i % 2 === 0 ? rewritePerson(known, random) : drawPerson(countryCode, random, 9_000_000 + i);
    let started = performance.now();
    await detector.findCandidates(dataSource.manager, [
      { fullName: person.fullName, countryCode, birthYear: registered[i].birth_year },
    ]);
    registration.push(performance.now() - started);
    const typed = rewritePerson(known, random).fullName;
    started = performance.now();
    const res = await fetch(`${appUrl}/trainees?country=${countryCode}&search=${encodeURIComponent(typed)}`, {
      headers: { authorization: `Bearer ${officerToken}` },
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET /trainees?search= answered ${res.status}`);
    search.push(performance.now() - started);
  }
  say(
    `  registration check: p50 ${percentile(registration, 50).toFixed(1)} ms, p95 ${percentile(registration, 95).toFixed(1)} ms; ` +
      `search: p50 ${percentile(search, 50).toFixed(1)} ms, p95 ${percentile(search, 95).toFixed(1)} ms`,
  );
  await client.query(
    `INSERT INTO duplicate_scans (country_code, job_id) VALUES ($1, 'bench')
     ON CONFLICT (country_code) DO UPDATE SET job_id = 'bench', finished_at = NULL`,
    [countryCode],
  );
  const started = performance.now();
  const scan = await scanCountry(dataSource, countryCode, () => Promise.resolve());
  const scanSeconds = (performance.now() - started) / 1000;
  say(
    `  registry-wide scan: ${scan.traineesTotal.toLocaleString('en')} trainees in ${scanSeconds.toFixed(1)} s, ` +
      `${scan.pairs.toLocaleString('en')} pairs`,
  );
  return {
    registrySize,
    registration,
    search,
    scanSeconds,
    scanPairs: scan.pairs,
    scannedTrainees: scan.traineesTotal,
  };
}
