import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import type { Locale } from '@cascade/i18n';

import {
  CASCADE_DEPTH_LIMIT,
  type CascadeWalk,
  cascadeWalkCtes,
  certificationAtSql,
  depthLimitReachedSql,
} from '../trainers/index.js';
import { Breakdown, breakdownApplies, COUNT_INDICATORS, Indicator } from './indicators.js';
import { PRACTICE_SOURCES } from './practice-sources.js';
import { ReportView } from './report-views.js';
import { periodEnds, type Source, STATE_SOURCES } from './state-indicators.js';
import type { ReportCell } from './suppression.js';

export interface ProgressQuery {
  country: string;
  from: string;
  to: string;
  breakdown: Breakdown;
}

/** A computed row, with the names of its region when the breakdown is by region. */
export interface ComputedCell extends ReportCell {
  regionNames: Record<Locale, string> | null;
}

/** What a country's cascade did in a period: per generation (1 = its roots), and over all of them. */
export interface CascadeCounts {
  trainers: number;
  /** Events held in the period that they led or co-taught. */
  events: number;
  /** Distinct trainees who completed those events. */
  trainees: number;
  /** Of the trainers, those certified at the period's end. */
  certified: number;
}

export interface ComputedCascade {
  generations: (CascadeCounts & { generation: number })[];
  /** Distinct over all generations: an event co-taught by two generations counts once. */
  total: CascadeCounts;
  depthLimitReached: boolean;
}

const V = ReportView;

const withTrainees = (from: string, trainee: string) => `${from} JOIN ${V.Trainees} tr ON tr.trainee_id = ${trainee}`;

/** Breakdowns whose key reads the trainee (tr). */
const TRAINEE_BREAKDOWNS: readonly Breakdown[] = [Breakdown.Sex, Breakdown.Profession, Breakdown.OrganizationType];

const joinTrainees = (from: string, source: Source, breakdown: Breakdown) =>
  source.trainee !== null && TRAINEE_BREAKDOWNS.includes(breakdown) ? withTrainees(from, source.trainee) : from;

/**
 * Every indicator as one aggregate over the events held in the period (`held`: completed, ending
 * in it, in the country), except `certified`, which counts certificates issued in the period, and
 * those read at the period's end (state-indicators.ts).
 */
const SOURCES: Record<Indicator, Source> = {
  [Indicator.CompletedIndividuals]: {
    from: `${V.Completions} en JOIN held e ON e.id = en.event_id`,
    date: 'e.end_date',
    sex: 'tr.sex',
    trainee: 'en.trainee_id',
    actual: 'count(DISTINCT en.trainee_id)',
    n: 'NULL::bigint',
  },
  [Indicator.Certified]: {
    from: `${V.Certificates} c
       JOIN ${V.Events} e ON e.id = c.event_id AND e.country_code = $1
         AND c.revoked_at IS NULL AND c.issued_on BETWEEN $2::date AND $3::date`,
    date: 'c.issued_on',
    sex: 'tr.sex',
    trainee: 'c.trainee_id',
    actual: 'count(DISTINCT c.trainee_id)',
    n: 'NULL::bigint',
  },
  [Indicator.EventsHeld]: {
    from: 'held e',
    date: 'e.end_date',
    sex: null,
    trainee: null,
    actual: 'count(*)',
    n: 'NULL::bigint',
  },
  [Indicator.SessionsDelivered]: {
    from: `${V.Sessions} s JOIN held e ON e.id = s.event_id`,
    date: 'e.end_date',
    sex: null,
    trainee: null,
    actual: 'count(*)',
    n: 'NULL::bigint',
  },
  [Indicator.AttendanceRate]: {
    from: `${V.Attendance} m JOIN held e ON e.id = m.event_id`,
    date: 'e.end_date',
    sex: 'tr.sex',
    trainee: 'm.trainee_id',
    actual: `round(100.0 * count(*) FILTER (WHERE m.status IN ('present', 'late')) / NULLIF(count(*), 0), 1)`,
    n: 'count(DISTINCT m.trainee_id)',
  },
  // Certified on the report's last day (the state at the report's date, not today's).
  [Indicator.ActiveNationalTrainers]: {
    from: `${V.Teaching} t JOIN held e ON e.id = t.event_id
           AND t.trainer_level = 'national' AND t.trainer_status = 'active'
           JOIN ${certificationAtSql('$3::date')} cert ON cert.trainer_id = t.trainer_id AND cert.certified`,
    date: 'e.end_date',
    sex: 't.trainer_sex',
    trainee: null,
    actual: 'count(DISTINCT t.trainer_id)',
    n: 'NULL::bigint',
  },
  [Indicator.MeanPreScore]: {
    from: `${V.Assessments} a JOIN held e ON e.id = a.event_id`,
    date: 'e.end_date',
    sex: 'tr.sex',
    trainee: 'a.trainee_id',
    actual: 'round(avg(a.pre_score), 1)',
    n: 'count(a.pre_score)',
  },
  [Indicator.MeanPostScore]: {
    from: `${V.Assessments} a JOIN held e ON e.id = a.event_id`,
    date: 'e.end_date',
    sex: 'tr.sex',
    trainee: 'a.trainee_id',
    actual: 'round(avg(a.post_score), 1)',
    n: 'count(a.post_score)',
  },
  [Indicator.MeanKnowledgeGain]: {
    from: `${V.Assessments} a JOIN held e ON e.id = a.event_id`,
    date: 'e.end_date',
    sex: 'tr.sex',
    trainee: 'a.trainee_id',
    actual: 'round(avg(a.post_score - a.pre_score), 1)',
    n: 'count(a.post_score - a.pre_score)',
  },
  [Indicator.MeanFeedbackRating]: {
    from: `${V.FeedbackAnswers} f JOIN held e ON e.id = f.event_id`,
    date: 'e.end_date',
    sex: null,
    trainee: null,
    actual: 'round(avg(f.overall), 2)',
    n: 'count(f.overall)',
  },
  [Indicator.FeedbackResponseRate]: {
    from: `${V.FeedbackEvents} f JOIN held e ON e.id = f.event_id`,
    date: 'e.end_date',
    sex: null,
    trainee: null,
    actual: 'round(100.0 * sum(f.answers) / NULLIF(sum(f.enrolled), 0), 1)',
    n: 'sum(f.enrolled)::bigint',
  },
  ...STATE_SOURCES,
  ...PRACTICE_SOURCES,
};

const NOT_RECORDED = `'not_recorded'`;

/** The expression an indicator's rows are grouped by; only called where the breakdown applies. */
function keyOf(source: Source, breakdown: Breakdown): string {
  switch (breakdown) {
    case Breakdown.None:
      return 'NULL::text';
    case Breakdown.Year:
      return `to_char(${source.date}, 'YYYY')`;
    case Breakdown.Quarter:
      return `to_char(${source.date}, 'YYYY-"Q"Q')`;
    case Breakdown.Region:
      return `COALESCE(e.region_code, ${NOT_RECORDED})`;
    case Breakdown.Sex:
      return `${source.sex ?? 'NULL'}::text`;
    case Breakdown.Profession:
      return 'tr.profession::text';
    case Breakdown.OrganizationType:
      return `COALESCE(tr.organization_type::text, ${NOT_RECORDED})`;
  }
}

/** Every value a breakdown can take, so a value nobody falls under is shown as 0, not left out. */
function domainOf(breakdown: Breakdown): string | null {
  switch (breakdown) {
    case Breakdown.None:
      return null;
    case Breakdown.Year:
      return `SELECT y::text FROM generate_series(extract(year FROM $2::date)::int, extract(year FROM $3::date)::int) y`;
    case Breakdown.Quarter:
      return `SELECT to_char(q, 'YYYY-"Q"Q') FROM generate_series(date_trunc('quarter', $2::date), $3::date, interval '3 months') q`;
    case Breakdown.Region:
      return `SELECT code::text FROM ${V.Regions} WHERE country_code = $1`;
    case Breakdown.Sex:
      return `SELECT unnest(enum_range(NULL::sex))::text`;
    case Breakdown.Profession:
      return `SELECT unnest(enum_range(NULL::profession))::text`;
    case Breakdown.OrganizationType:
      return `SELECT unnest(enum_range(NULL::organization_type))::text`;
  }
}

/** The target of a breakdown cell: a year's own, or the sum over the period's years of a sex's or profession's. */
function cellTarget(breakdown: Breakdown): string {
  switch (breakdown) {
    case Breakdown.Year:
      return `(SELECT CASE WHEN $4 THEN sum(t.target_value) END FROM targets t
                WHERE t.indicator = a.indicator AND t.dim IS NULL AND t.year::text = d.k)`;
    case Breakdown.Sex:
    case Breakdown.Profession:
      return `(SELECT CASE WHEN $4 AND count(*) = $5 THEN sum(t.target_value) END FROM targets t
                WHERE t.indicator = a.indicator AND t.dim = '${breakdown}' AND t.value = d.k)`;
    default:
      return 'NULL::numeric';
  }
}

/** The events a report counts: completed in the country, ending in the period ($1 country, $2 from, $3 to). */
const HELD = `held AS (
        SELECT * FROM ${V.Events}
        WHERE country_code = $1 AND status = 'completed' AND end_date BETWEEN $2::date AND $3::date
      )`;

/**
 * A country's cascade: its roots are its trainers whom no trainer of the same country trained
 * (master trainers, or national trainers trained abroad); the walk follows links to trainers of
 * the country only, and counts the events held in the period.
 */
const COUNTRY_CASCADE: CascadeWalk = {
  roots: `SELECT t.trainer_id FROM ${V.Trainers} t
           WHERE t.country_code = $1
             AND NOT EXISTS (SELECT 1 FROM ${V.TrainerLinks} l JOIN ${V.Trainers} p ON p.trainer_id = l.trained_by_id
                              WHERE l.trainer_id = t.trainer_id AND p.country_code = $1)`,
  depthLimit: '$4',
  follow: 'c.country_code = $1',
  events: 'held',
};

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Whether a period runs from a 1 January to a 31 December: only then are yearly targets summed into it. */
export const coversWholeYears = (from: string, to: string): boolean => from.endsWith('-01-01') && to.endsWith('-12-31');

/** The progress report's SQL and its parameters (exported so the benchmark runs exactly this SQL). */
export function progressSql(query: ProgressQuery, wholeYears: boolean): { sql: string; params: unknown[] } {
  const { breakdown } = query;
  const indicators = Object.values(Indicator);
  const broken = indicators.filter(
    (indicator) => breakdown !== Breakdown.None && breakdownApplies(indicator, breakdown),
  );

  const computed = indicators.map((indicator) => {
    const source = SOURCES[indicator];
    const head = `SELECT ${quote(indicator)} AS indicator`;
    if (!broken.includes(indicator)) {
      return `${head}, NULL::text AS key, true AS total, (${source.actual})::numeric AS actual, ${source.n} AS n FROM ${source.from}`;
    }
    const key = keyOf(source, breakdown);
    const ends = periodEnds(breakdown);
    if (source.at && ends !== null) {
      // A state: the total is the state at the period's end, each year or quarter its own end's.
      return `${head}, NULL::text AS key, true AS total, (${source.actual})::numeric AS actual, ${source.n} AS n FROM ${source.from}
              UNION ALL
              ${head}, ${key}, false, (${source.actual})::numeric, ${source.n}
              FROM (${ends}) p CROSS JOIN ${joinTrainees(source.at('p.at'), source, breakdown)} GROUP BY p.at`;
    }
    const from = joinTrainees(source.from, source, breakdown);
    return `${head}, ${key} AS key, GROUPING(${key}) = 1 AS total, (${source.actual})::numeric AS actual, ${source.n} AS n
            FROM ${from} GROUP BY GROUPING SETS ((), (${key}))`;
  });

  const counts = COUNT_INDICATORS.map(quote).join(', ');
  const domain = domainOf(breakdown);
  const cells =
    domain === null || broken.length === 0
      ? ''
      : `UNION ALL
         SELECT a.indicator, false, d.k,
                CASE WHEN a.indicator IN (${counts}) THEN COALESCE(c.actual, 0) ELSE c.actual END,
                CASE WHEN a.indicator IN (${counts}) THEN NULL ELSE COALESCE(c.n, 0) END,
                ${cellTarget(breakdown)},
                ${breakdown === Breakdown.Region ? `(SELECT r.names FROM ${V.Regions} r WHERE r.code = d.k)` : 'NULL::jsonb'}
         FROM (VALUES ${broken.map((indicator) => `(${quote(indicator)})`).join(', ')}) a(indicator)
         CROSS JOIN (${domain} UNION SELECT key FROM computed WHERE NOT total) d(k)
         LEFT JOIN computed c ON c.indicator = a.indicator AND NOT c.total AND c.key = d.k`;

  const sql = `
    WITH ${HELD},
    computed AS (${computed.join('\nUNION ALL\n')}),
    targets AS (
      SELECT indicator::text, breakdown_dimension::text AS dim, breakdown_value AS value, year, target_value
      FROM country_targets
      WHERE country_code = $1 AND year BETWEEN extract(year FROM $2::date) AND extract(year FROM $3::date)
    ),
    report AS (
      SELECT c.indicator, true AS total, NULL::text AS key, c.actual, c.n,
             (SELECT CASE WHEN $4 AND count(*) = $5 THEN sum(t.target_value) END FROM targets t
               WHERE t.indicator = c.indicator AND t.dim IS NULL) AS target,
             NULL::jsonb AS region_names
      FROM computed c WHERE c.total
      ${cells}
    )
    SELECT * FROM report
    ORDER BY array_position(ARRAY[${indicators.map(quote).join(', ')}], indicator), total DESC, key`;

  const years = Number(query.to.slice(0, 4)) - Number(query.from.slice(0, 4)) + 1;
  return { sql, params: [query.country, query.from, query.to, wholeYears, years] };
}

/** The country cascade's SQL and its parameters (exported, like progressSql, for the benchmark). */
export function cascadeSql(query: Omit<ProgressQuery, 'breakdown'>): { sql: string; params: unknown[] } {
  return {
    sql: `WITH RECURSIVE ${HELD},
   ${cascadeWalkCtes(COUNTRY_CASCADE)},
   -- Certified at the period's end: the state at the report's date, not today's.
   certified AS (SELECT trainer_id FROM ${certificationAtSql('$3::date')} WHERE certified),
   per_generation AS (
     SELECT n.generation,
            count(*)::int AS trainers,
            count(*) FILTER (WHERE n.trainer_id IN (SELECT trainer_id FROM certified))::int AS certified,
            (SELECT count(*)::int FROM taught t WHERE t.generation = n.generation) AS events,
            (SELECT count(*)::int FROM reached r WHERE r.generation = n.generation) AS trainees
       FROM nodes n
      GROUP BY n.generation
   )
   SELECT
     (SELECT coalesce(json_agg(json_build_object(
               'generation', g.generation + 1, 'trainers', g.trainers, 'events', g.events, 'trainees', g.trainees,
               'certified', g.certified)
             ORDER BY g.generation), '[]')
        FROM per_generation g) AS generations,
     (SELECT count(*)::int FROM nodes) AS trainers,
     (SELECT count(DISTINCT event_id)::int FROM taught) AS events,
     (SELECT count(DISTINCT trainee_id)::int FROM reached) AS trainees,
     (SELECT count(*)::int FROM nodes WHERE trainer_id IN (SELECT trainer_id FROM certified)) AS certified,
     ${depthLimitReachedSql(COUNTRY_CASCADE)} AS depth_limit_reached`,
    params: [query.country, query.from, query.to, CASCADE_DEPTH_LIMIT],
  };
}

/** The progress report: every indicator, its breakdown and its targets in one query. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async progress(query: ProgressQuery, wholeYears: boolean): Promise<ComputedCell[]> {
    const { sql, params } = progressSql(query, wholeYears);
    const rows = await this.dataSource.query<
      {
        indicator: Indicator;
        total: boolean;
        key: string | null;
        actual: string | null;
        n: string | null;
        target: string | null;
        region_names: Record<Locale, string> | null;
      }[]
    >(sql, params);

    return rows.map((row) => ({
      indicator: row.indicator,
      total: row.total,
      breakdownValue: row.key,
      actual: row.actual === null ? null : Number(row.actual),
      n: row.n === null ? null : Number(row.n),
      target: row.target === null ? null : Number(row.target),
      regionNames: row.region_names,
    }));
  }

  /**
   * The country's cascade over the period in one statement: the trainers' cascade walk from every
   * root of the country at once (cascade-walk.ts), generation 0 of the walk reported as 1.
   */
  async cascade(query: Omit<ProgressQuery, 'breakdown'>): Promise<ComputedCascade> {
    const { sql, params } = cascadeSql(query);
    const [row] = await this.dataSource.query<
      {
        generations: ComputedCascade['generations'];
        trainers: number;
        events: number;
        trainees: number;
        certified: number;
        depth_limit_reached: boolean;
      }[]
    >(sql, params);
    return {
      generations: row.generations,
      total: { trainers: row.trainers, events: row.events, trainees: row.trainees, certified: row.certified },
      depthLimitReached: row.depth_limit_reached,
    };
  }
}
