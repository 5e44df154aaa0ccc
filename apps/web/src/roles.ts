import type { Role } from './api/local-auth';

/** Who sees which page: the roles the API lets read what the page shows (the controllers in apps/api). */
export const PAGES = {
  tasks: ['back_office', 'team_leader', 'customer_service', 'compliance'],
  distribution: ['customer_service'],
  cases: ['back_office', 'team_leader', 'customer_service', 'compliance', 'channel_manager', 'auditor'],
  approvals: ['compliance'],
  dashboard: ['team_leader', 'customer_service', 'compliance', 'channel_manager', 'general_office', 'auditor', 'admin'],
  detection: ['customer_service', 'compliance', 'admin', 'auditor', 'channel_manager'],
  imports: ['intake', 'admin', 'compliance', 'auditor'],
  calendar: [
    'intake',
    'back_office',
    'team_leader',
    'customer_service',
    'compliance',
    'channel_manager',
    'general_office',
    'auditor',
    'admin',
  ],
  sellers: ['channel_manager', 'admin', 'compliance', 'customer_service', 'team_leader', 'auditor'],
  // CONDUCT_READERS, SANCTION_READERS and the report readers in apps/api/src/conduct and apps/api/src/reports.
  complaints: ['customer_service', 'compliance', 'channel_manager', 'general_office', 'auditor'],
  campaigns: ['customer_service', 'compliance', 'channel_manager', 'general_office', 'auditor'],
  penalties: ['compliance', 'channel_manager', 'general_office', 'auditor'],
  reports: ['general_office', 'compliance', 'auditor', 'admin'],
  // Privacy (R8): inquiries at the counter and on the phone line.
  inquiry: ['customer_service'],
  // Files by permission (document 4): requests and approvals, loans of exported files, the audit trail.
  access: [
    'back_office',
    'team_leader',
    'customer_service',
    'compliance',
    'channel_manager',
    'general_office',
    'auditor',
  ],
  loans: [
    'back_office',
    'team_leader',
    'customer_service',
    'compliance',
    'channel_manager',
    'general_office',
    'auditor',
  ],
  audit: ['auditor', 'compliance'],
  // Retention: legal holds and the destruction log (apps/api/src/retention).
  retention: ['compliance', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type PageKey = keyof typeof PAGES;

export function canSee(role: Role, page: PageKey): boolean {
  return (PAGES[page] as readonly Role[]).includes(role);
}

/** The first page a role lands on after sign-in. */
export function homeOf(role: Role): string {
  const order: PageKey[] = ['tasks', 'dashboard', 'detection', 'cases', 'imports', 'sellers', 'calendar'];
  const first = order.find((p) => canSee(role, p)) ?? 'calendar';
  return `/${first}`;
}
