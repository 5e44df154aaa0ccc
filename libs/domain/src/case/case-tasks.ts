/** The roles that have tasks on cases (what `GET /api/me/tasks` lists); every other role has none. */
export const TASK_ROLES = ['customer_service', 'team_leader', 'back_office', 'compliance'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];

export type TaskName =
  'distribute' | 'assign' | 'claim' | 'verify' | 'record_assist' | 'supervise_escalation' | 'investigate';

/** What a case asks of the caller, given that the task query selected it for the caller's role. */
export function taskName(
  role: string,
  c: { state: string; assist: boolean; assigneeId: string | null },
  me: string,
): TaskName {
  if (c.state === 'OPEN') return 'distribute';
  if (c.state === 'DISTRIBUTED') return role === 'team_leader' ? 'assign' : 'claim';
  if (c.state === 'PENDING_APPROVAL') return 'verify';
  if (role === 'customer_service' && c.assist && c.assigneeId !== me) return 'record_assist';
  if (role === 'compliance') return 'supervise_escalation';
  return 'investigate';
}
