export enum Role {
  Admin = 'admin',
  ProgramOfficer = 'program_officer',
  Trainer = 'trainer',
  Donor = 'donor',
}

/**
 * Every permission a route can require. A role's permissions are listed in
 * ROLE_PERMISSIONS below, the one place that says who may do what.
 */
export enum Permission {
  /** Read and change one's own profile, password and language. */
  ProfileManage = 'profile:manage',
  /** Invite users, change their role and country scope, deactivate them. */
  UsersManage = 'users:manage',
  /** Page through the audit log. */
  AuditRead = 'audit:read',
  /** Read the countries in one's scope. */
  CountriesRead = 'countries:read',
  /** Add countries: a new country is data, not code. */
  CountriesManage = 'countries:manage',
  /** Read regions and organisations in one's countries. */
  ReferenceRead = 'reference:read',
  /** Add regions. */
  ReferenceManage = 'reference:manage',
  /** Add and correct organisations in one's countries. */
  OrganizationsManage = 'organizations:manage',
  /** Mark attendance and enter test scores: trainers for the events they teach. */
  AttendanceRecord = 'attendance:record',
  /** Let trainers mark attendance again after the editing window has closed. */
  AttendanceReopen = 'attendance:reopen',
  /** Decide completion of an event's trainees, issue and revoke their certificates. */
  CertificatesManage = 'certificates:manage',
  /** List an event's certificates and download their PDFs: trainers for the events they teach. */
  CertificatesRead = 'certificates:read',
  /** Count what the database holds, table by table. */
  SystemInventory = 'system:inventory',
  /** Poll the jobs one may start. */
  JobsRead = 'jobs:read',
  /** Watch every queue on the queue board (/admin/queues), and retry, clean or pause its jobs. */
  QueuesWatch = 'queues:watch',
  /** Read trainees: officers their countries', trainers those enrolled in the events they teach. */
  TraineesRead = 'trainees:read',
  /** Register a trainee, with their consent, in one's countries (trainers meet walk-in participants). */
  TraineesRegister = 'trainees:register',
  /** Correct a trainee's record and record a withdrawal of consent. */
  TraineesManage = 'trainees:manage',
  /** Review possible duplicate trainees of one's countries: mark pairs distinct, merge them, undo a merge. */
  DuplicatesReview = 'duplicates:review',
  /** Download a country's trainee list as CSV (personal data: each export is audited). */
  TraineesExport = 'trainees:export',
  /** Read trainer records and their cascade: an officer those of their countries, a trainer only their own. */
  TrainersRead = 'trainers:read',
  /** Add and edit trainers in one's countries, record who trained whom, sign off certification steps. */
  TrainersManage = 'trainers:manage',
  /** Read the curriculum: courses, their modules and pass rules. */
  CoursesRead = 'courses:read',
  /** Write courses (a global curriculum, not tied to a country). */
  CoursesManage = 'courses:manage',
  /** Read training events: an officer's countries, a trainer only the events they teach. */
  EventsRead = 'events:read',
  /** Plan events in one's countries: dates, venue, sessions, trainers, status. */
  EventsManage = 'events:manage',
  /** Read an event's roster (trainees' names): officers, and the event's own trainers. */
  EnrollmentsRead = 'enrollments:read',
  /** Enrol trainees on events in one's countries and withdraw them. */
  EnrollmentsManage = 'enrollments:manage',
  /** Read progress reports (aggregates, suppressed for donors) and the targets of one's countries. */
  ReportsRead = 'reports:read',
  /**
   * Read the exact progress reports of one's countries with every breakdown: the officers' report
   * pages (donors read theirs, suppressed, through ReportsRead on their own pages).
   */
  ReportsExact = 'reports:exact',
  /** Set and remove the yearly targets of one's countries. */
  TargetsManage = 'targets:manage',
  /** Import trainees and a past event's records from CSV or XLSX files, in one's countries. */
  ImportsManage = 'imports:manage',
  /** Read the outbox: every e-mail written to trainees, its text and what the mail server answered. */
  MessagesRead = 'messages:read',
  /**
   * Read events' feedback: officers their countries' (averages, response rate, free text), trainers
   * only the averages of the events they teach, from five answers up, and their enrollees' links.
   */
  FeedbackRead = 'feedback:read',
  /** Set when an event's feedback closes, in one's countries. */
  FeedbackManage = 'feedback:manage',
  /**
   * The practice follow-up of one's countries' events: who was written to, reminded, answered or
   * opted out, the answers with their comments, and answers collected by phone or on paper.
   */
  FollowUpManage = 'follow-up:manage',
  /**
   * Enter a follow-up answer collected by phone or on paper, and see who answered (never what):
   * officers for their countries' events, trainers only for the events they teach.
   */
  FollowUpEnter = 'follow-up:enter',
}

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  [Role.Admin]: Object.values(Permission),
  [Role.ProgramOfficer]: [
    Permission.ProfileManage,
    Permission.CountriesRead,
    Permission.JobsRead,
    Permission.ReferenceRead,
    Permission.OrganizationsManage,
    Permission.AttendanceRecord,
    Permission.AttendanceReopen,
    Permission.TraineesRead,
    Permission.TraineesRegister,
    Permission.TraineesManage,
    Permission.DuplicatesReview,
    Permission.TraineesExport,
    Permission.TrainersRead,
    Permission.TrainersManage,
    Permission.CoursesRead,
    Permission.CoursesManage,
    Permission.EventsRead,
    Permission.EventsManage,
    Permission.EnrollmentsRead,
    Permission.EnrollmentsManage,
    Permission.CertificatesManage,
    Permission.CertificatesRead,
    Permission.ReportsRead,
    Permission.ReportsExact,
    Permission.TargetsManage,
    Permission.ImportsManage,
    Permission.FeedbackRead,
    Permission.FeedbackManage,
    Permission.FollowUpManage,
    Permission.FollowUpEnter,
  ],
  [Role.Trainer]: [
    Permission.ProfileManage,
    Permission.CountriesRead,
    Permission.ReferenceRead,
    Permission.AttendanceRecord,
    Permission.TraineesRead,
    Permission.TraineesRegister,
    Permission.TrainersRead,
    Permission.CoursesRead,
    Permission.EventsRead,
    Permission.EnrollmentsRead,
    Permission.CertificatesRead,
    Permission.FeedbackRead,
    Permission.FollowUpEnter,
  ],
  // Donors read aggregates only: no personal record, not even a cascade without names. JobsRead
  // lets them follow their own report exports (a job is shown to its requester only).
  [Role.Donor]: [
    Permission.ProfileManage,
    Permission.CountriesRead,
    Permission.ReferenceRead,
    Permission.ReportsRead,
    Permission.JobsRead,
  ],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
