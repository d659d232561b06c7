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
    Permission.CertificatesManage,
    Permission.CertificatesRead,
  ],
  [Role.Trainer]: [
    Permission.ProfileManage,
    Permission.CountriesRead,
    Permission.ReferenceRead,
    Permission.AttendanceRecord,
    Permission.CertificatesRead,
  ],
  [Role.Donor]: [Permission.ProfileManage, Permission.CountriesRead, Permission.ReferenceRead],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
