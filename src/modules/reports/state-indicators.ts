import { certificationAtSql } from '../trainers/index.js';
import { Breakdown, Indicator } from './indicators.js';
import { ReportView } from './report-views.js';

const V = ReportView;

/** Where an indicator's rows come from: its FROM clause, its date and the sex it is broken down by. */
export interface Source {
  from: string;
  /** The date that places a row in a year or quarter. */
  date: string;
  sex: string | null;
  /**
   * The trainee a row is about, for breakdowns by the trainee's sex, profession or organisation:
   * report_trainees (tr) is joined only then, as other breakdowns do not read it.
   */
  trainee: string | null;
  actual: string;
  n: string;
  /**
   * For an indicator read at a day (STATE_INDICATORS): its FROM clause at `day`, an SQL date
   * expression. `from` is then the clause at the period's end, and `date` the day read (`p.at`).
   */
  at?: (day: string) => string;
}

/** The end of a UTC day, as a timestamp: what is valid then was issued before it and ends at or after it. */
const endOf = (day: string) => `((${day}) + 1)::timestamp AT TIME ZONE 'UTC'`;

/**
 * Certificates of the country's events valid at the end of `day`, as ExpiringCertificatesService.validAt
 * counts them: issued by then, never revoked, neither expired nor renewed by then (a renewed
 * certificate ends when its renewal is issued, so the two count once).
 */
const validCertificatesAt = (day: string) =>
  `${V.CertificateValidity} c JOIN ${V.Events} e ON e.id = c.event_id AND e.country_code = $1
     AND c.valid_from < ${endOf(day)} AND (c.valid_until IS NULL OR c.valid_until >= ${endOf(day)})`;

/** The country's trainers certified on `day` (the certification rule's own SQL function). */
const certifiedTrainersAt = (day: string) =>
  `${certificationAtSql(day)} cert JOIN ${V.Trainers} t ON t.trainer_id = cert.trainer_id
     AND cert.certified AND t.country_code = $1`;

/** The indicators read at a period's end (STATE_INDICATORS), as the progress report's SQL reads them. */
export const STATE_SOURCES: Record<Indicator.ValidCertificates | Indicator.CertifiedTrainers, Source> = {
  [Indicator.ValidCertificates]: {
    from: validCertificatesAt('$3::date'),
    at: validCertificatesAt,
    date: 'p.at',
    sex: 'tr.sex',
    trainee: 'c.trainee_id',
    actual: 'count(DISTINCT c.certificate_id)',
    n: 'NULL::bigint',
  },
  [Indicator.CertifiedTrainers]: {
    from: certifiedTrainersAt('$3::date'),
    at: certifiedTrainersAt,
    date: 'p.at',
    sex: 't.trainer_sex',
    trainee: null,
    actual: 'count(DISTINCT t.trainer_id)',
    n: 'NULL::bigint',
  },
};

/** The last day of each year or quarter of the period (the period's end for the last one), as `at`. */
export function periodEnds(breakdown: Breakdown): string | null {
  switch (breakdown) {
    case Breakdown.Year:
      return `SELECT least(make_date(y, 12, 31), $3::date) AS at
                FROM generate_series(extract(year FROM $2::date)::int, extract(year FROM $3::date)::int) y`;
    case Breakdown.Quarter:
      return `SELECT least((q + interval '3 months' - interval '1 day')::date, $3::date) AS at
                FROM generate_series(date_trunc('quarter', $2::date), $3::date, interval '3 months') q`;
    default:
      return null;
  }
}
