import { certificationAtSql } from '../trainers/index.js';
import { Indicator } from './indicators.js';
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

/**
 * Every indicator as one aggregate over the events held in the period (`held`: completed, ending
 * in it, in the country), except `certified`, which counts certificates issued in the period, and
 * the two read at the period's end: valid certificates and certified trainers.
 */
export const SOURCES: Record<Indicator, Source> = {
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
