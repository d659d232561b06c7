/**
 * Everything the progress report reads of other features' data: named SQL views (migration
 * CreateReportViews1795470100000, and CreateTeachingScopeViews1795470000000 for who teaches),
 * never their tables. A feature may reshape its tables; keeping these views' columns is then all
 * the reports need of it. Reports' own tables (country_targets, report_exports) are read directly,
 * and the country cascade walks the trainers' links through the trainers' cascade walk.
 */
export const ReportView = {
  /** Training events: id, country, region, status, dates. */
  Events: 'report_events',
  /** Regions of a country, with their names, for the region breakdown. */
  Regions: 'report_regions',
  /** A trainee's sex, profession and organisation type: joined by the breakdowns that read them. */
  Trainees: 'report_trainees',
  /** Completed enrolments: event, trainee. */
  Completions: 'report_completions',
  /** Certificates: event, trainee, issue date (UTC), revocation. */
  Certificates: 'report_certificates',
  /** Sessions of an event. */
  Sessions: 'report_sessions',
  /** Attendance marks with their session's event. */
  Attendance: 'report_attendance',
  /** Pre- and post-test scores per trainee and event. */
  Assessments: 'report_assessments',
  /** Who taught each event (from event_teachers), with the trainer's level, status and sex. */
  Teaching: 'report_teaching',
  /** Trainers' countries (and sex), and who trained whom: the roots of a country's cascade. */
  Trainers: 'report_trainers',
  TrainerLinks: 'report_trainer_links',
  /** Trainees' feedback answers: event and overall rating, without who answered. */
  FeedbackAnswers: 'report_feedback_answers',
  /** Per event: feedback answers and enrollees still enrolled, for the response rate. */
  FeedbackEvents: 'report_feedback_events',
  /** Certificates never revoked: event, trainee, valid from (issued) until (expired or renewed; null: no end). */
  CertificateValidity: 'report_certificate_validity',
  /** Follow-up answers: event, wave and the cases reported, without who answered. */
  FollowUpAnswers: 'report_follow_up_answers',
  /** Per event: completers asked in a follow-up wave and the answers, for the response rate. */
  FollowUpEvents: 'report_follow_up_events',
} as const;

export type ReportView = (typeof ReportView)[keyof typeof ReportView];
