import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseOutcome } from '../../../contracts/src/case.contract';
import { CASE_OUTCOMES } from '../../../contracts/src/case.contract';
import type {
  AgencyIncidentRow,
  AgencyRow,
  CampaignRow,
  CaseFiguresRow,
  FalseInfoSellerRow,
  FindingsByRuleRow,
  PenaltyRow,
  QuarterlyReportData,
  ReferralRow,
} from '../../../contracts/src/report.contract';
import { REPORT_DATA_FORMAT, REPORT_TITLE_ZH } from '../../../contracts/src/report.contract';
import type { Quarter } from '../../../domain/src/report/quarter';
import { appendAudit, canonicalJson, hashOf, type AuditActor } from '../audit/audit-log';
import { slaRate, withinInvestigationSla } from '../dashboard/dashboard-repository';

/**
 * The one owner of `quarterly_reports`, and the report's reads of the tables it summarises (cases, case_events,
 * findings and detection runs, sellers, agencies, agency_incidents, penalties, referrals, recheck_campaigns). Every
 * figure is a SQL aggregate over one branch and one quarter, read in one REPEATABLE READ snapshot; no query loads a
 * table's rows into memory. Times are half-open [quarter start, quarter end) in Asia/Shanghai.
 */

type Queryable = Pick<EntityManager, 'query'>;

/** Event types that count as an escalation to compliance in the report: either deadline missed. */
const ESCALATION_EVENTS = `('ESCALATED', 'DISTRIBUTION_ESCALATED')`;

export type ReportSections = Omit<QuarterlyReportData, 'format' | 'header'>;

/** Columns of a FALSE_INFO_CONFIRMED case closed in the quarter, as a CTE named `fc`; params $1 branch, $2/$3 times. */
const FALSE_INFO_CASES = `fc AS (
  SELECT c.case_id, c.channel,
         NULLIF(btrim(c.view->'submission'->>'responsibleSellerCode'), '') AS seller_code,
         NULLIF(btrim(c.view->'submission'->>'responsibleAgencyCode'), '') AS agency_code
  FROM cases c
  WHERE c.branch_code = $1 AND c.state = 'CLOSED' AND c.outcome = 'FALSE_INFO_CONFIRMED'
    AND c.closed_at >= $2::timestamptz AND c.closed_at < $3::timestamptz
)`;

const SUBJECT_NAME = (alias: string) => `CASE ${alias}.subject_kind
    WHEN 'seller' THEN (SELECT s.name FROM sellers s WHERE s.code = ${alias}.subject_code)
    ELSE (SELECT a.name FROM agencies a WHERE a.code = ${alias}.subject_code) END`;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** Every section of the report for one branch and quarter (the header is the caller's). */
export async function reportSections(db: Queryable, quarter: Quarter, branchCode: string): Promise<ReportSections> {
  const times = [branchCode, quarter.startsAt, quarter.endsAt];

  const falseInfoSellers: FalseInfoSellerRow[] = await db.query(
    `WITH ${FALSE_INFO_CASES}
     SELECT fc.seller_code AS "sellerCode", s.name AS "sellerName", coalesce(s.channel, min(fc.channel)) AS channel,
            s.agency_code AS "agencyCode", array_agg(fc.case_id ORDER BY fc.case_id) AS "caseIds"
     FROM fc LEFT JOIN sellers s ON s.code = fc.seller_code
     WHERE fc.seller_code IS NOT NULL
     GROUP BY fc.seller_code, s.name, s.channel, s.agency_code
     ORDER BY fc.seller_code`,
    times,
  );

  const agencies: AgencyRow[] = await db.query(
    `WITH ${FALSE_INFO_CASES},
     inc AS (
       SELECT i.agency_code, i.channel, i.kind, i.case_ids FROM agency_incidents i
       WHERE i.branch_code = $1 AND i.recorded_at >= $2::timestamptz AND i.recorded_at < $3::timestamptz
     ),
     named AS (
       SELECT agency_code, channel FROM inc
       UNION ALL SELECT agency_code, channel FROM fc WHERE agency_code IS NOT NULL
     )
     SELECT k.agency_code AS "agencyCode", a.name AS "agencyName", coalesce(a.channel, min(k.channel)) AS channel,
            (SELECT count(*) FROM inc WHERE inc.agency_code = k.agency_code AND inc.kind = 'refused_true_data')::int AS "refusedTrueData",
            (SELECT count(*) FROM inc WHERE inc.agency_code = k.agency_code AND inc.kind = 'provided_false_data')::int AS "providedFalseData",
            coalesce((SELECT array_agg(fc.case_id ORDER BY fc.case_id) FROM fc WHERE fc.agency_code = k.agency_code), '{}') AS "falseInfoCaseIds",
            coalesce((SELECT array_agg(DISTINCT x ORDER BY x) FROM inc CROSS JOIN unnest(inc.case_ids) x
                      WHERE inc.agency_code = k.agency_code), '{}') AS "incidentCaseIds"
     FROM named k LEFT JOIN agencies a ON a.code = k.agency_code
     GROUP BY k.agency_code, a.name, a.channel
     ORDER BY k.agency_code`,
    times,
  );

  const incidents: Array<Omit<AgencyIncidentRow, 'recordedAt'> & { recordedAt: Date }> = await db.query(
    `SELECT i.id, i.agency_code AS "agencyCode", a.name AS "agencyName", i.channel, i.kind, i.description,
            i.case_ids AS "caseIds", i.recorded_at AS "recordedAt"
     FROM agency_incidents i LEFT JOIN agencies a ON a.code = i.agency_code
     WHERE i.branch_code = $1 AND i.recorded_at >= $2::timestamptz AND i.recorded_at < $3::timestamptz
     ORDER BY i.recorded_at, i.id`,
    times,
  );

  const penalties: Array<Omit<PenaltyRow, 'decidedAt'> & { decidedAt: Date }> = await db.query(
    `SELECT p.id, p.subject_kind AS "subjectKind", p.subject_code AS "subjectCode", ${SUBJECT_NAME('p')} AS "subjectName",
            p.channel, p.kind, p.amount::text AS amount, p.assessment_period AS "assessmentPeriod", p.reason,
            p.case_ids AS "caseIds", p.campaign_id AS "campaignId", p.decided_by AS "decidedBy", p.decided_at AS "decidedAt"
     FROM penalties p
     WHERE p.branch_code = $1 AND p.decided_at >= $2::timestamptz AND p.decided_at < $3::timestamptz
     ORDER BY p.decided_at, p.id`,
    times,
  );

  // As they stood at the quarter's end: a decision recorded later is the next quarter's.
  const referrals: Array<Omit<ReferralRow, 'referredAt' | 'decidedAt'> & { referredAt: Date; decidedAt: Date | null }> =
    await db.query(
      `SELECT r.id, r.subject_kind AS "subjectKind", r.subject_code AS "subjectCode", ${SUBJECT_NAME('r')} AS "subjectName",
            r.channel, r.opinion, r.case_ids AS "caseIds", r.referred_at AS "referredAt",
            CASE WHEN r.decided_at < $3::timestamptz THEN 'DECIDED' ELSE 'REFERRED' END AS status,
            CASE WHEN r.decided_at < $3::timestamptz THEN r.decision END AS decision,
            CASE WHEN r.decided_at < $3::timestamptz THEN r.decided_at END AS "decidedAt"
     FROM referrals r
     WHERE r.branch_code = $1
       AND ((r.referred_at >= $2::timestamptz AND r.referred_at < $3::timestamptz)
         OR (r.decided_at >= $2::timestamptz AND r.decided_at < $3::timestamptz))
     ORDER BY r.referred_at, r.id`,
      times,
    );

  const findingsByRule: FindingsByRuleRow[] = await db.query(
    `SELECT f.rule, f.channel, count(DISTINCT f.finding_key)::int AS findings
     FROM detection_runs r
     JOIN run_findings rf ON rf.run_id = r.id
     JOIN findings f ON f.finding_key = rf.finding_key
     WHERE r.status = 'COMPLETED' AND r.business_date >= $2::date AND r.business_date < $3::date AND f.branch_code = $1
     GROUP BY f.rule, f.channel
     ORDER BY f.rule, f.channel`,
    [branchCode, quarter.firstDay, quarter.endDay],
  );

  const cases = await caseFigures(db, times);

  const campaigns: Array<Omit<CampaignRow, 'startedAt' | 'finishedAt'> & { startedAt: Date; finishedAt: Date | null }> =
    await db.query(
      `SELECT k.id, k.subject_kind AS "subjectKind", k.subject_code AS "subjectCode", ${SUBJECT_NAME('k')} AS "subjectName",
            k.channel, cardinality(k.complaint_ids) AS complaints, k.started_at AS "startedAt",
            CASE WHEN k.status = 'COMPLETED' AND k.finished_at < $3::timestamptz THEN 'COMPLETED' ELSE 'RUNNING' END AS status,
            CASE WHEN k.status = 'COMPLETED' AND k.finished_at < $3::timestamptz THEN k.finished_at END AS "finishedAt",
            CASE WHEN k.status = 'COMPLETED' AND k.finished_at < $3::timestamptz THEN k.result END AS result
     FROM recheck_campaigns k
     WHERE k.branch_code = $1
       AND ((k.started_at >= $2::timestamptz AND k.started_at < $3::timestamptz)
         OR (k.finished_at >= $2::timestamptz AND k.finished_at < $3::timestamptz))
     ORDER BY k.started_at, k.id`,
      times,
    );

  return {
    falseInfoSellers,
    agencies,
    agencyIncidents: incidents.map((r) => ({ ...r, recordedAt: r.recordedAt.toISOString() })),
    penalties: penalties.map((r) => ({ ...r, decidedAt: r.decidedAt.toISOString() })),
    referrals: referrals.map((r) => ({ ...r, referredAt: r.referredAt.toISOString(), decidedAt: iso(r.decidedAt) })),
    figures: { findingsByRule, cases, casesTotal: totalOf(cases) },
    campaigns: campaigns.map((r) => ({
      ...r,
      startedAt: r.startedAt.toISOString(),
      finishedAt: iso(r.finishedAt),
      result: r.result ?? null,
    })),
  };
}

type OutcomeCounts = Record<CaseOutcome, number>;

/**
 * Cases of the branch by responsible channel: opened, closed (by outcome) and within the investigation SLA in the
 * quarter; escalated and cooling-off breaches by the quarter of their event.
 */
async function caseFigures(db: Queryable, times: unknown[]): Promise<CaseFiguresRow[]> {
  const rows: Array<
    Omit<CaseFiguresRow, 'closedByOutcome' | 'slaRate'> & { cleared: number; corrected: number; falseInfo: number }
  > = await db.query(
    `WITH ev AS (
       SELECT e.case_id,
              bool_or(e.type IN ${ESCALATION_EVENTS}) AS escalated,
              bool_or(e.type = 'COOLING_OFF_BREACHED') AS breached
       FROM case_events e
       WHERE e.type IN ('ESCALATED', 'DISTRIBUTION_ESCALATED', 'COOLING_OFF_BREACHED')
         AND e.at >= $2::timestamptz AND e.at < $3::timestamptz
       GROUP BY e.case_id
     ),
     q AS (
       SELECT c.case_id, c.branch_code, c.channel, c.outcome,
              c.opened_at >= $2::timestamptz AND c.opened_at < $3::timestamptz AS opened_in,
              c.state = 'CLOSED' AND c.closed_at >= $2::timestamptz AND c.closed_at < $3::timestamptz AS closed_in,
              coalesce(ev.escalated, false) AS escalated, coalesce(ev.breached, false) AS breached
       FROM cases c LEFT JOIN ev ON ev.case_id = c.case_id
       WHERE c.branch_code = $1
         AND ((c.opened_at >= $2::timestamptz AND c.opened_at < $3::timestamptz)
           OR (c.closed_at >= $2::timestamptz AND c.closed_at < $3::timestamptz)
           OR ev.case_id IS NOT NULL)
     )
     SELECT q.branch_code AS "branchCode", q.channel,
            count(*) FILTER (WHERE q.opened_in)::int AS opened,
            count(*) FILTER (WHERE q.closed_in)::int AS closed,
            count(*) FILTER (WHERE q.closed_in AND q.outcome = 'CLEARED')::int AS cleared,
            count(*) FILTER (WHERE q.closed_in AND q.outcome = 'CORRECTED')::int AS corrected,
            count(*) FILTER (WHERE q.closed_in AND q.outcome = 'FALSE_INFO_CONFIRMED')::int AS "falseInfo",
            count(*) FILTER (WHERE q.escalated)::int AS escalated,
            count(*) FILTER (WHERE q.closed_in AND ${withinInvestigationSla('q')})::int AS "closedWithinSla",
            count(*) FILTER (WHERE q.breached)::int AS "coolingOffBreaches"
     FROM q
     GROUP BY q.branch_code, q.channel
     ORDER BY q.branch_code, q.channel`,
    times,
  );
  return rows.map(({ cleared, corrected, falseInfo, ...r }) => ({
    branchCode: r.branchCode,
    channel: r.channel,
    opened: r.opened,
    closed: r.closed,
    closedByOutcome: outcomes({ CLEARED: cleared, CORRECTED: corrected, FALSE_INFO_CONFIRMED: falseInfo }),
    escalated: r.escalated,
    closedWithinSla: r.closedWithinSla,
    slaRate: slaRate(r.closed, r.closedWithinSla),
    coolingOffBreaches: r.coolingOffBreaches,
  }));
}

function outcomes(counts: OutcomeCounts): OutcomeCounts {
  // Every outcome present, in the contract's order, so the snapshot's shape never depends on the data.
  return Object.fromEntries(CASE_OUTCOMES.map((o) => [o, counts[o] ?? 0])) as OutcomeCounts;
}

/** The sum of the rows, branch and channel '*', the rate recomputed from the sums. */
export function totalOf(rows: CaseFiguresRow[]): CaseFiguresRow {
  const sum = (f: (r: CaseFiguresRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const closed = sum((r) => r.closed);
  const within = sum((r) => r.closedWithinSla);
  return {
    branchCode: '*',
    channel: '*',
    opened: sum((r) => r.opened),
    closed,
    closedByOutcome: outcomes(
      Object.fromEntries(CASE_OUTCOMES.map((o) => [o, sum((r) => r.closedByOutcome[o])])) as OutcomeCounts,
    ),
    escalated: sum((r) => r.escalated),
    closedWithinSla: within,
    slaRate: slaRate(closed, within),
    coolingOffBreaches: sum((r) => r.coolingOffBreaches),
  };
}

// ---- which branches the schedule generates for ----

/**
 * Branches with anything to report in the quarter (a case opened, closed, escalated or breached; a finding listed;
 * an incident, penalty, referral or campaign) that have no report for it yet, in code order.
 */
export async function branchesLackingReport(db: Queryable, quarter: Quarter): Promise<string[]> {
  const rows: Array<{ branch: string }> = await db.query(
    `SELECT DISTINCT x.branch FROM (
       SELECT branch_code AS branch FROM cases
         WHERE (opened_at >= $1::timestamptz AND opened_at < $2::timestamptz) OR (closed_at >= $1::timestamptz AND closed_at < $2::timestamptz)
       UNION SELECT c.branch_code FROM case_events e JOIN cases c ON c.case_id = e.case_id
         WHERE e.type IN ('ESCALATED', 'DISTRIBUTION_ESCALATED', 'COOLING_OFF_BREACHED') AND e.at >= $1::timestamptz AND e.at < $2::timestamptz
       UNION SELECT f.branch_code FROM detection_runs r JOIN run_findings rf ON rf.run_id = r.id JOIN findings f ON f.finding_key = rf.finding_key
         WHERE r.status = 'COMPLETED' AND r.business_date >= $3::date AND r.business_date < $4::date
       UNION SELECT branch_code FROM agency_incidents WHERE recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz
       UNION SELECT branch_code FROM penalties WHERE decided_at >= $1::timestamptz AND decided_at < $2::timestamptz
       UNION SELECT branch_code FROM referrals
         WHERE (referred_at >= $1::timestamptz AND referred_at < $2::timestamptz) OR (decided_at >= $1::timestamptz AND decided_at < $2::timestamptz)
       UNION SELECT branch_code FROM recheck_campaigns
         WHERE (started_at >= $1::timestamptz AND started_at < $2::timestamptz) OR (finished_at >= $1::timestamptz AND finished_at < $2::timestamptz)
     ) x
     WHERE NOT EXISTS (SELECT 1 FROM quarterly_reports q WHERE q.quarter = $5 AND q.branch_code = x.branch)
     ORDER BY x.branch`,
    [quarter.startsAt, quarter.endsAt, quarter.firstDay, quarter.endDay, quarter.id],
  );
  return rows.map((r) => r.branch);
}

// ---- the stored snapshots ----

export interface StoredReport {
  id: string;
  quarter: string;
  branchCode: string;
  version: number;
  replacesId: string | null;
  /** The newer version that corrects this one, if any. */
  replacedById: string | null;
  generatedBy: string;
  generatedAt: string;
  contentSha256: string;
  correctionNote: string | null;
  filedAt: string | null;
  filedTo: string | null;
  filedBy: string | null;
}

export type StoredReportWithData = StoredReport & { data: QuarterlyReportData };

interface ReportDbRow {
  id: string;
  quarter: string;
  branch_code: string;
  version: number;
  replaces_id: string | null;
  replaced_by_id: string | null;
  generated_by: string;
  generated_at: Date;
  content_sha256: string;
  correction_note: string | null;
  filed_at: Date | null;
  filed_to: string | null;
  filed_by: string | null;
  data?: QuarterlyReportData;
}

const REPORT_COLUMNS = `r.id, r.quarter, r.branch_code, r.version, r.replaces_id, r.generated_by, r.generated_at, r.content_sha256,
  r.correction_note, r.filed_at, r.filed_to, r.filed_by,
  (SELECT n.id FROM quarterly_reports n WHERE n.replaces_id = r.id) AS replaced_by_id`;

function stored(row: ReportDbRow): StoredReport {
  return {
    id: row.id,
    quarter: row.quarter,
    branchCode: row.branch_code,
    version: row.version,
    replacesId: row.replaces_id,
    replacedById: row.replaced_by_id,
    generatedBy: row.generated_by,
    generatedAt: row.generated_at.toISOString(),
    contentSha256: row.content_sha256,
    correctionNote: row.correction_note,
    filedAt: iso(row.filed_at),
    filedTo: row.filed_to,
    filedBy: row.filed_by,
  };
}

export async function readReport(db: Queryable, id: string): Promise<StoredReportWithData | undefined> {
  const [row]: ReportDbRow[] = await db.query(
    `SELECT ${REPORT_COLUMNS}, r.data FROM quarterly_reports r WHERE r.id = $1`,
    [id],
  );
  return row ? { ...stored(row), data: row.data! } : undefined;
}

export interface ReportListFilter {
  quarter?: string;
  branch?: string;
  /** The caller's branches ('*' = all). */
  branches: string[];
}

/** A page of reports in the caller's branches, newest quarter first, then branch, newest version first. */
export async function listReports(
  db: Queryable,
  filter: ReportListFilter,
  page: number,
  pageSize: number,
): Promise<{ items: StoredReport[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (!filter.branches.includes('*')) add('r.branch_code = ANY(?::text[])', filter.branches);
  if (filter.quarter) add('r.quarter = ?', filter.quarter);
  if (filter.branch) add('r.branch_code = ?', filter.branch);
  const condition = where.length ? where.join(' AND ') : 'true';
  const [{ total }]: Array<{ total: number }> = await db.query(
    `SELECT count(*)::int AS total FROM quarterly_reports r WHERE ${condition}`,
    params,
  );
  const rows: ReportDbRow[] = await db.query(
    `SELECT ${REPORT_COLUMNS} FROM quarterly_reports r WHERE ${condition}
     ORDER BY r.quarter DESC, r.branch_code, r.version DESC
     LIMIT ${Number(pageSize)} OFFSET ${(Number(page) - 1) * Number(pageSize)}`,
    params,
  );
  return { items: rows.map(stored), total };
}

/** Records the filing once; false when it was recorded already (the trigger refuses a second one too). */
export async function recordFiling(
  db: Queryable,
  id: string,
  filing: { filedAt: string; filedTo: string; filedBy: string },
): Promise<boolean> {
  // A CTE, so the driver answers rows as for a SELECT (an UPDATE answers [rows, count] through TypeORM).
  const rows: Array<{ id: string }> = await db.query(
    `WITH filed AS (
       UPDATE quarterly_reports SET filed_at = $2, filed_to = $3, filed_by = $4 WHERE id = $1 AND filed_at IS NULL RETURNING id)
     SELECT id FROM filed`,
    [id, filing.filedAt, filing.filedTo, filing.filedBy],
  );
  return rows.length === 1;
}

export class ReportVersionTaken extends Error {
  constructor(
    readonly quarter: string,
    readonly branchCode: string,
    readonly version: number,
    readonly existingId: string | null,
  ) {
    super(`version ${version} of the ${quarter} report of ${branchCode} exists already`);
  }
}

export interface NewReport {
  quarter: Quarter;
  branchCode: string;
  actor: AuditActor;
  generatedAt: Date;
  /** A correction: the version it replaces (must be the latest) and why. */
  replaces?: { id: string; version: number; note: string };
}

/**
 * Builds and stores one version of a report in one REPEATABLE READ transaction (every section sees the same
 * snapshot of the data) with its audit row: data, content_sha256 = SHA-256 of the data's canonical JSON. Throws
 * ReportVersionTaken when that version exists (version 1 generated already, or a concurrent correction).
 */
export async function createReport(db: DataSource, input: NewReport): Promise<StoredReportWithData> {
  const version = input.replaces ? input.replaces.version + 1 : 1;
  for (let attempt = 1; ; attempt++) {
    let report: StoredReportWithData | null;
    let code: string | undefined;
    try {
      report = await db.transaction('REPEATABLE READ', (tx) => buildAndInsert(tx, input, version));
    } catch (err) {
      // A concurrent writer of the same version: a unique violation, or (its row not in our snapshot) a
      // serialization failure. Either way that version is taken.
      code = (err as { driverError?: { code?: string } }).driverError?.code;
      if (code !== '23505' && code !== '40001') throw err;
      report = null;
    }
    if (report) return report;
    const [existing]: Array<{ id: string }> = await db.query(
      `SELECT id FROM quarterly_reports WHERE quarter = $1 AND branch_code = $2 AND version = $3`,
      [input.quarter.id, input.branchCode, version],
    );
    // A serialization failure with the version still free: another transaction appended to the audit chain
    // (whose head every audit row's commit updates) after our snapshot. Build again on a new snapshot.
    if (!existing && code === '40001' && attempt < 5) continue;
    throw new ReportVersionTaken(input.quarter.id, input.branchCode, version, existing?.id ?? null);
  }
}

async function buildAndInsert(
  tx: EntityManager,
  input: NewReport,
  version: number,
): Promise<StoredReportWithData | null> {
  const sections = await reportSections(tx, input.quarter, input.branchCode);
  const data: QuarterlyReportData = {
    format: REPORT_DATA_FORMAT,
    header: {
      title: REPORT_TITLE_ZH,
      branchCode: input.branchCode,
      quarter: input.quarter.id,
      periodFirstDay: input.quarter.firstDay,
      periodLastDay: input.quarter.lastDay,
      generatedAt: input.generatedAt.toISOString(),
      generatedBy: input.actor.userId,
      version,
      replacesId: input.replaces?.id ?? null,
      replacesVersion: input.replaces?.version ?? null,
      correctionNote: input.replaces?.note ?? null,
    },
    ...sections,
  };
  const contentSha256 = hashOf(data);
  const id = randomUUID();
  const inserted: Array<{ id: string }> = await tx.query(
    `INSERT INTO quarterly_reports (id, quarter, version, replaces_id, branch_code, generated_by, generated_at, data,
       content_sha256, correction_note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (quarter, branch_code, version) DO NOTHING RETURNING id`,
    [
      id,
      input.quarter.id,
      version,
      data.header.replacesId,
      input.branchCode,
      input.actor.userId,
      data.header.generatedAt,
      canonicalJson(data),
      contentSha256,
      data.header.correctionNote,
    ],
  );
  if (inserted.length === 0) return null;
  const report = (await readReport(tx, id))!;
  // jsonb re-orders keys and re-writes numbers: the stored value must still hash to what was computed.
  if (hashOf(report.data) !== contentSha256) throw new Error(`report ${id}: stored data does not hash as built`);
  await appendAudit(tx, input.actor, {
    action: input.replaces ? 'report.correct' : 'report.generate',
    entityType: 'quarterly_report',
    entityId: id,
    after: data,
    detail: {
      quarter: input.quarter.id,
      branchCode: input.branchCode,
      version,
      replacesId: data.header.replacesId,
      contentSha256,
    },
  });
  return report;
}

/** The report of the quarter and branch with the highest version, if any. */
export async function latestReport(
  db: Queryable,
  quarter: string,
  branchCode: string,
): Promise<StoredReport | undefined> {
  const [row]: ReportDbRow[] = await db.query(
    `SELECT ${REPORT_COLUMNS} FROM quarterly_reports r WHERE r.quarter = $1 AND r.branch_code = $2 ORDER BY r.version DESC LIMIT 1`,
    [quarter, branchCode],
  );
  return row ? stored(row) : undefined;
}
