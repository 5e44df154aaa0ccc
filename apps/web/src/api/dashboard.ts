/**
 * GET /api/dashboard (to be added to the API): the figures of the 看板 page, in the caller's scope.
 * Typed by hand until the endpoint is in the OpenAPI document.
 */
import type { DetectionRule } from './views';

export interface DashboardScopeRow {
  channel: string;
  branchCode: string;
  /** Cases not CLOSED. */
  open: number;
  /** Open cases whose earliest deadline (dueAt) falls today, Asia/Shanghai. */
  dueToday: number;
  /** Open cases whose dueAt has passed. */
  overdue: number;
  /** Open cases escalated to compliance. */
  escalated: number;
  /** Cases (open or closed in the period) whose cooling-off period was breached. */
  coolingOffBreached: number;
}

export interface DashboardSlaWeek {
  /** Monday of the ISO week, YYYY-MM-DD (Asia/Shanghai). */
  week: string;
  /** Investigations finished (submitted) in the week. */
  finished: number;
  /** Of them, submitted by their investigation deadline. */
  onTime: number;
  /** onTime / finished, 0..1; null when nothing finished. */
  rate: number | null;
}

export interface DashboardListSize {
  /** The business date of the published run, YYYY-MM-DD. */
  businessDate: string;
  rule: DetectionRule;
  /** Findings on that day's suspicious list for the rule. */
  findings: number;
}

export interface DashboardResponse {
  /** ISO 8601 instant the figures were computed. */
  generatedAt: string;
  byScope: DashboardScopeRow[];
  /** Oldest week first; the last 12 weeks. */
  slaByWeek: DashboardSlaWeek[];
  /** Oldest date first; the last 30 published runs. */
  listSizeByRule: DashboardListSize[];
}
