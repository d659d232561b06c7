import { type AuthUser, Permission, roleHas } from '@cascade/auth';

/** One entry of the pages' main menu, shown to the roles that hold its permission. */
export interface NavItem {
  href: string;
  /** An i18n key under `web.nav`. */
  labelKey: string;
  permission: Permission;
}

/**
 * The main menu, in order. A new area of pages adds its entry here with the permission its
 * first page requires, so the menu never offers a page the user would be refused.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/officer', labelKey: 'web.nav.officer_dashboard', permission: Permission.EventsManage },
  { href: '/officer/events', labelKey: 'web.nav.officer_events', permission: Permission.EventsManage },
  { href: '/officer/courses', labelKey: 'web.nav.officer_courses', permission: Permission.EventsManage },
  {
    href: '/officer/certificate-register',
    labelKey: 'web.nav.certificates',
    permission: Permission.CertificatesManage,
  },
  {
    href: '/officer/expiring-certificates',
    labelKey: 'web.nav.expiring_certificates',
    permission: Permission.CertificatesManage,
  },
  { href: '/officer/trainees', labelKey: 'web.nav.trainees', permission: Permission.TraineesManage },
  { href: '/officer/trainers', labelKey: 'web.nav.trainers', permission: Permission.TrainersManage },
  { href: '/trainer', labelKey: 'web.nav.attendance', permission: Permission.AttendanceRecord },
  { href: '/progress', labelKey: 'web.nav.reports', permission: Permission.ReportsExact },
  { href: '/targets', labelKey: 'web.nav.targets', permission: Permission.TargetsManage },
  { href: '/registry/imports', labelKey: 'web.nav.imports', permission: Permission.ImportsManage },
  { href: '/registry/duplicates', labelKey: 'web.nav.duplicates', permission: Permission.DuplicatesReview },
  { href: '/donor', labelKey: 'web.nav.donor', permission: Permission.ReportsRead },
  { href: '/admin/messages', labelKey: 'web.nav.messages', permission: Permission.MessagesRead },
  { href: '/account/password', labelKey: 'web.nav.password', permission: Permission.ProfileManage },
];

export function navFor(user: AuthUser | null): NavItem[] {
  return user ? NAV_ITEMS.filter((item) => roleHas(user.role, item.permission)) : [];
}
