/** GET /api/dashboard: the figures of the 看板 page, in the caller's scope (generated from apps/api/src/dashboard/dto). */
import type { components } from './schema';

export type DashboardResponse = components['schemas']['DashboardDto'];
/** Open, due today, overdue, escalated and cooling-off breaches of one responsible branch and channel. */
export type DashboardScopeRow = components['schemas']['DashboardScopeDto'];
/** One ISO week (YYYY-Www): cases closed, of them within the investigation SLA, and the rate (null: none closed). */
export type DashboardSlaWeek = components['schemas']['DashboardSlaWeekDto'];
/** Findings on one business date's suspicious lists for one rule. */
export type DashboardFindings = components['schemas']['DashboardFindingsDto'];
