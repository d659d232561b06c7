import { Breakdown } from './indicators.js';
import { ReportView } from './report-views.js';
import { cascadeSql, progressSql } from './reports.repository.js';

/** The relations a statement reads: the names after FROM and JOIN (functions and subqueries aside). */
function relationsRead(sql: string): Set<string> {
  const names = [...sql.matchAll(/\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)\b(?!\s*\()/gi)].map((match) => match[1]);
  return new Set(names);
}

/** The names the statement's WITH defines for itself. */
function ctes(sql: string): Set<string> {
  return new Set([...sql.matchAll(/\b([a-z_][a-z0-9_]*) AS (?:MATERIALIZED )?\(/gi)].map((match) => match[1]));
}

const VIEWS = new Set<string>(Object.values(ReportView));
/** The reports' own table. */
const OWN = new Set(['country_targets']);
/** Read by the trainers' cascade walk (cascade-walk.ts), which reports call rather than copy. */
const CASCADE_WALK = new Set(['trainer_links', 'trainers', 'event_teachers', 'enrollments']);

const query = { country: 'KG', from: '2025-01-01', to: '2025-12-31' };

describe('the progress report reads other features through its views', () => {
  it.each(Object.values(Breakdown))(
    'reads only report views, its CTEs and its own table (breakdown %s)',
    (breakdown) => {
      const { sql } = progressSql({ ...query, breakdown }, true);
      const own = ctes(sql);
      const outside = [...relationsRead(sql)].filter((name) => !VIEWS.has(name) && !own.has(name) && !OWN.has(name));
      expect(outside).toEqual([]);
      expect(relationsRead(sql).has(ReportView.Completions)).toBe(true);
    },
  );

  it('reads only report views in the cascade, besides the trainers’ cascade walk', () => {
    const { sql } = cascadeSql(query);
    const own = ctes(sql);
    const outside = [...relationsRead(sql)].filter(
      (name) => !VIEWS.has(name) && !own.has(name) && !CASCADE_WALK.has(name),
    );
    expect(outside).toEqual([]);
  });

  it('would notice a table read directly', () => {
    expect([...relationsRead('SELECT 1 FROM report_events e JOIN trainees tr ON true')]).toEqual([
      'report_events',
      'trainees',
    ]);
  });
});
