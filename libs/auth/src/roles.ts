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
  /** Count what the database holds, table by table. */
  SystemInventory = 'system:inventory',
  /** Poll the jobs one may start. */
  JobsRead = 'jobs:read',
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
}

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  [Role.Admin]: Object.values(Permission),
  [Role.ProgramOfficer]: [
    Permission.ProfileManage,
    Permission.CountriesRead,
    Permission.JobsRead,
    Permission.ReferenceRead,
    Permission.OrganizationsManage,
    Permission.CoursesRead,
    Permission.CoursesManage,
    Permission.EventsRead,
    Permission.EventsManage,
    Permission.EnrollmentsRead,
    Permission.EnrollmentsManage,
  ],
  [Role.Trainer]: [
    Permission.ProfileManage,
    Permission.CountriesRead,
    Permission.ReferenceRead,
    Permission.CoursesRead,
    Permission.EventsRead,
    Permission.EnrollmentsRead,
  ],
  [Role.Donor]: [Permission.ProfileManage, Permission.CountriesRead, Permission.ReferenceRead],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
