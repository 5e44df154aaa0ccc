import type { EntityManager } from 'typeorm';

/**
 * The dashboard's figures, counted in SQL from the cases read model (cases, case_events) and the detection tables
 * (detection_runs, run_findings, findings). Days and ISO weeks are Asia/Shanghai's, like every deadline.
 * The caller supplies the scope conditions (they push their parameters and return SQL over the given alias).
 */

export type ScopeSql = (params: unknown[], alias: string) => string;

export interface ScopeFigures {
  branchCode: string;
  channel: string;
  open: number;
  dueToday: number;
  overdue: number;
  escalated: number;
  coolingOffBreaches: number;
}

export interface SlaWeek {
  week: string;
  closed: number;
  withinSla: number;
  rate: number | null;
}

export interface FindingsOnDay {
  date: string;
  rule: string;
  count: number;
}

const ZONE = `'Asia/Shanghai'`;

/**
 * The investigation SLA, one definition for the dashboard and the quarterly report: a closed case kept it when it
 * has no ESCALATED event, which the case workflow records when the investigation deadline passes without a
 * submission. A distribution escalation (DISTRIBUTION_ESCALATED) is customer service's deadline, not the
 * investigation's. SQL over a case aliased `alias`.
 */
export function withinInvestigationSla(alias: string): string {
  return `NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = ${alias}.case_id AND e.type = 'ESCALATED')`;
}

/** withinSla / closed to 4 decimals; null when none closed. */
export function slaRate(closed: number, withinSla: number): number | null {
  return closed === 0 ? null : Math.round((withinSla / closed) * 10_000) / 10_000;
}

/**
 * Open (not closed) cases by their responsible branch and channel. Due today: the earliest deadline falls later
 * today; overdue: it has passed (the two never overlap). Escalated and cooling-off breaches: open cases so marked.
 */
export async function figuresByScope(db: EntityManager, now: Date, scope: ScopeSql): Promise<ScopeFigures[]> {
  const params: unknown[] = [now.toISOString()];
  const where = scope(params, 'c');
  return db.query(
    `SELECT c.branch_code AS "branchCode", c.channel,
            count(*)::int AS open,
            count(*) FILTER (WHERE c.due_at >= $1::timestamptz
              AND c.due_at < (date_trunc('day', $1::timestamptz AT TIME ZONE ${ZONE}) + interval '1 day') AT TIME ZONE ${ZONE})::int AS "dueToday",
            count(*) FILTER (WHERE c.due_at < $1::timestamptz)::int AS overdue,
            count(*) FILTER (WHERE c.escalated)::int AS escalated,
            count(*) FILTER (WHERE c.cooling_off_breached)::int AS "coolingOffBreaches"
     FROM cases c
     WHERE c.state <> 'CLOSED' AND ${where}
     GROUP BY c.branch_code, c.channel
     ORDER BY c.branch_code, c.channel`,
    params,
  );
}

/**
 * Cases closed in each of the last `weeks` ISO weeks (oldest first, empty weeks included) and how many of them kept
 * the investigation deadline (`withinInvestigationSla`).
 */
export async function slaByWeek(db: EntityManager, now: Date, weeks: number, scope: ScopeSql): Promise<SlaWeek[]> {
  const params: unknown[] = [now.toISOString(), weeks];
  const where = scope(params, 'c');
  const rows: Array<{ week: string; closed: number; withinSla: number }> = await db.query(
    `WITH weeks AS (
       SELECT generate_series(
         date_trunc('week', $1::timestamptz AT TIME ZONE ${ZONE}) - ($2::int - 1) * interval '1 week',
         date_trunc('week', $1::timestamptz AT TIME ZONE ${ZONE}),
         interval '1 week') AS start
     )
     SELECT to_char(w.start, 'IYYY-"W"IW') AS week,
            count(c.case_id)::int AS closed,
            count(c.case_id) FILTER (WHERE ${withinInvestigationSla('c')})::int AS "withinSla"
     FROM weeks w
     LEFT JOIN cases c ON c.state = 'CLOSED'
       AND c.closed_at >= w.start AT TIME ZONE ${ZONE}
       AND c.closed_at < (w.start + interval '1 week') AT TIME ZONE ${ZONE}
       AND ${where}
     GROUP BY w.start
     ORDER BY w.start`,
    params,
  );
  return rows.map((r) => ({ ...r, rate: slaRate(r.closed, r.withinSla) }));
}

/**
 * The suspicious list's size by rule for each business date of the last `days` days: distinct findings on the
 * lists of that date's completed runs (a finding new or grown again on a later day counts on that day too).
 */
export async function findingsByRule(
  db: EntityManager,
  now: Date,
  days: number,
  scope: ScopeSql,
): Promise<FindingsOnDay[]> {
  const params: unknown[] = [now.toISOString(), days];
  const where = scope(params, 'f');
  return db.query(
    `SELECT to_char(r.business_date, 'YYYY-MM-DD') AS date, f.rule, count(DISTINCT f.finding_key)::int AS count
     FROM detection_runs r
     JOIN run_findings rf ON rf.run_id = r.id
     JOIN findings f ON f.finding_key = rf.finding_key
     WHERE r.status = 'COMPLETED'
       AND r.business_date > ($1::timestamptz AT TIME ZONE ${ZONE})::date - $2::int
       AND ${where}
     GROUP BY r.business_date, f.rule
     ORDER BY r.business_date, f.rule`,
    params,
  );
}
