import type { Notice } from '../case/case-notifications';

/**
 * Files by permission (doc 4): a file taken out is a loan, due back within at most 3 days; a reminder goes to the
 * borrower and their manager before the due date, and compliance hears when it is overdue.
 */

export const MAX_LOAN_DAYS = 3;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The due date of a loan taken at `takenAt` for `days` (1 to 3; 3 when not asked for), or a refusal naming why. */
export function loanDueAt(takenAt: Date, days: number | undefined): Date {
  const d = days ?? MAX_LOAN_DAYS;
  if (!Number.isInteger(d) || d < 1 || d > MAX_LOAN_DAYS)
    throw new RangeError(`loanDays must be a whole number from 1 to ${MAX_LOAN_DAYS}`);
  return new Date(takenAt.getTime() + d * DAY);
}

/** The reminder: one day before the due date, or half-way for a loan shorter than two days. */
export function loanReminderAt(takenAt: Date, dueAt: Date): Date {
  const length = dueAt.getTime() - takenAt.getTime();
  return new Date(dueAt.getTime() - Math.min(DAY, Math.floor(length / 2)));
}

export type LoanState = 'open' | 'overdue' | 'returned';
export const LOAN_STATES: readonly LoanState[] = ['open', 'overdue', 'returned'];

export function loanState(loan: { dueAt: string; returnedAt: string | null }, now: Date): LoanState {
  if (loan.returnedAt) return 'returned';
  return Date.parse(loan.dueAt) <= now.getTime() ? 'overdue' : 'open';
}

/**
 * Who manages a borrower, by role: channel back-office staff answer to the team leader, team leaders to channel
 * management, intake to the administrator; a department without a separate manager role (customer service,
 * compliance, general office, audit, channel management, administration) is told in its own role mailbox, which its
 * head reads.
 */
const MANAGER_OF: Record<string, string> = {
  back_office: 'team_leader',
  team_leader: 'channel_manager',
  intake: 'admin',
};
export function managerRole(borrowerRole: string): string {
  return MANAGER_OF[borrowerRole] ?? borrowerRole;
}

/** The roles that list loans in their scope besides their own (managers, compliance, audit). */
export const LOAN_SCOPE_READERS: readonly string[] = ['team_leader', 'channel_manager', 'compliance', 'auditor'];

/** The mailbox of a role in a scope key 'BRANCH/channel' ('*' for every branch or channel). */
const box = (role: string, scopeKey: string): string => `${role}@${scopeKey}`;

export interface LoanNoticeSubject {
  loanId: string;
  borrowerId: string;
  borrowerRole: string;
  objectLabel: string;
  dueAt: string;
  scopeKeys: string[];
}

export const loanNotices = {
  reminder: (l: LoanNoticeSubject): Notice[] => [
    [l.borrowerId, `loan ${l.loanId}: ${l.objectLabel} is due back ${l.dueAt}`],
    ...l.scopeKeys.map((k): Notice => [
      box(managerRole(l.borrowerRole), k),
      `loan ${l.loanId}: ${l.objectLabel}, taken out by ${l.borrowerId}, is due back ${l.dueAt}`,
    ]),
  ],
  overdue: (l: LoanNoticeSubject): Notice[] =>
    l.scopeKeys.map((k) => [
      box('compliance', k),
      `loan ${l.loanId} overdue: ${l.objectLabel}, taken out by ${l.borrowerId}, was due back ${l.dueAt}`,
    ]),
  incidentReported: (incidentId: string, reportedBy: string, records: number, scopeKeys: string[]): Notice[] =>
    scopeKeys.map((k) => [
      box('compliance', k),
      `suspected leak reported by ${reportedBy} (incident ${incidentId}): exports of ${records} records frozen`,
    ]),
};

/** The kinds of record an incident names, and the record keys the freeze is checked on. */
export type IncidentRecordKind = 'policy' | 'case' | 'evidence';

/** Every string value inside `value` (objects and arrays walked), to find record keys inside a file's content. */
export function stringsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, into);
  return into;
}
