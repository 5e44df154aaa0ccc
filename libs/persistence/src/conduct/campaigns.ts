import { randomUUID } from 'node:crypto';
import type {
  CampaignResult,
  CampaignStatus,
  RecheckOutcome,
  RecheckTaskState,
  RecheckTaskView,
  SubjectKind,
} from '../../../contracts/src/campaign.contract';
import type { Correction } from '../../../contracts/src/case.contract';
import type { ScopeCount } from '../../../domain/src/conduct/conduct-notices';
import type { Scope } from '../../../domain/src/scope';
import { scopeCondition } from '../cases/case-read-model';
import { openCorrection, sealCorrection } from '../crypto/case-view-seal';
import type { FieldCipher } from '../crypto/field-cipher';
import { bind, paged, updatedCount, type Page, type Queryable } from './subjects';

/**
 * The re-check campaigns' tables: `recheck_campaigns` and `recheck_tasks` (R6). The campaign workflow writes them
 * through its activities; the API reads them. A task's corrections are stored with their values encrypted.
 */

export interface CampaignRow {
  campaignId: string;
  subjectKind: SubjectKind;
  subjectCode: string;
  channel: string;
  branchCode: string;
  complaintIds: string[];
  windowStart: string;
  windowEnd: string;
  status: CampaignStatus;
  startedAt: string;
  finishedAt: string | null;
  result: CampaignResult | null;
  tasks: { total: number; open: number; overdue: number };
}

const CAMPAIGN_COLUMNS = `r.id AS "campaignId", r.subject_kind AS "subjectKind", r.subject_code AS "subjectCode", r.channel,
  r.branch_code AS "branchCode", r.complaint_ids::text[] AS "complaintIds", to_char(r.window_start, 'YYYY-MM-DD') AS "windowStart",
  to_char(r.window_end, 'YYYY-MM-DD') AS "windowEnd", r.status, r.started_at AS "startedAt", r.finished_at AS "finishedAt", r.result,
  (SELECT count(*)::int FROM recheck_tasks t WHERE t.campaign_id = r.id) AS total,
  (SELECT count(*)::int FROM recheck_tasks t WHERE t.campaign_id = r.id AND t.state = 'OPEN') AS open,
  (SELECT count(*)::int FROM recheck_tasks t WHERE t.campaign_id = r.id AND t.state = 'OPEN' AND t.due_at <= now()) AS overdue`;

type RawCampaign = Omit<CampaignRow, 'startedAt' | 'finishedAt' | 'tasks'> & {
  startedAt: Date;
  finishedAt: Date | null;
  total: number;
  open: number;
  overdue: number;
};

function campaign(r: RawCampaign): CampaignRow {
  const { total, open, overdue, ...rest } = r;
  return {
    ...rest,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    tasks: { total, open, overdue },
  };
}

export async function insertCampaign(
  tx: Queryable,
  c: Omit<CampaignRow, 'status' | 'finishedAt' | 'result' | 'tasks'>,
): Promise<void> {
  await tx.query(
    `INSERT INTO recheck_campaigns (id, subject_kind, subject_code, channel, branch_code, complaint_ids, window_start, window_end,
       status, started_at)
     VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, 'RUNNING', $9) ON CONFLICT (id) DO NOTHING`,
    [
      c.campaignId,
      c.subjectKind,
      c.subjectCode,
      c.channel,
      c.branchCode,
      c.complaintIds,
      c.windowStart,
      c.windowEnd,
      c.startedAt,
    ],
  );
}

/** Complaints that joined: each id once. */
export async function appendCampaignComplaints(tx: Queryable, campaignId: string, ids: string[]): Promise<void> {
  await tx.query(
    `UPDATE recheck_campaigns SET complaint_ids = ARRAY(
       SELECT DISTINCT x FROM unnest(complaint_ids || $2::uuid[]) x ORDER BY x)
     WHERE id = $1`,
    [campaignId, ids],
  );
}

export async function findCampaign(db: Queryable, campaignId: string): Promise<CampaignRow | null> {
  const rows: RawCampaign[] = await db.query(`SELECT ${CAMPAIGN_COLUMNS} FROM recheck_campaigns r WHERE r.id = $1`, [
    campaignId,
  ]);
  return rows[0] ? campaign(rows[0]) : null;
}

export interface CampaignFilter {
  status?: CampaignStatus;
  subjectKind?: SubjectKind;
  subjectCode?: string;
}

/** Campaigns in the reader's scope (the subject's branch and channel), newest first. */
export async function listCampaigns(
  db: Queryable,
  reader: Scope,
  f: CampaignFilter,
  page: number,
  pageSize: number,
): Promise<Page<CampaignRow>> {
  const params: unknown[] = [];
  const where = [scopeCondition(reader, params, 'r')];
  if (f.status) bind(where, params, 'r.status = ?', f.status);
  if (f.subjectKind) bind(where, params, 'r.subject_kind = ?', f.subjectKind);
  if (f.subjectCode) bind(where, params, 'r.subject_code = ?', f.subjectCode);
  const result = await paged<RawCampaign>(
    db,
    { columns: CAMPAIGN_COLUMNS, from: 'recheck_campaigns r', where, order: 'r.started_at DESC, r.id', params },
    page,
    pageSize,
  );
  return { items: result.items.map(campaign), total: result.total };
}

/** The in-force policies a seller or agency sold: accepted and in scope of the rules (Art. 4). */
export async function inForcePoliciesOf(
  db: Queryable,
  kind: SubjectKind,
  code: string,
): Promise<Array<{ policyNumber: string; channel: string; branchCode: string }>> {
  return db.query(
    `SELECT policy_number AS "policyNumber", channel, branch_code AS "branchCode" FROM policies
     WHERE ${kind === 'seller' ? 'seller_code' : 'agency_code'} = $1 AND status = 'ACCEPTED' AND in_scope
     ORDER BY policy_number`,
    [code],
  );
}

/** One task per policy not yet in the campaign; returns how many were created. */
export async function insertTasks(
  tx: Queryable,
  campaignId: string,
  policies: Array<{ policyNumber: string; channel: string; branchCode: string }>,
  dueAt: string,
): Promise<number> {
  if (policies.length === 0) return 0;
  const rows: unknown[] = await tx.query(
    `INSERT INTO recheck_tasks (id, campaign_id, policy_number, channel, branch_code, state, due_at)
     SELECT id, $1, p, ch, b, 'OPEN', $2 FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[]) AS u(id, p, ch, b)
     ON CONFLICT (campaign_id, policy_number) DO NOTHING RETURNING 1`,
    [
      campaignId,
      dueAt,
      policies.map(() => randomUUID()),
      policies.map((p) => p.policyNumber),
      policies.map((p) => p.channel),
      policies.map((p) => p.branchCode),
    ],
  );
  return rows.length;
}

export async function taskPolicyNumbers(db: Queryable, campaignId: string): Promise<Set<string>> {
  const rows: Array<{ policy_number: string }> = await db.query(
    `SELECT policy_number FROM recheck_tasks WHERE campaign_id = $1`,
    [campaignId],
  );
  return new Set(rows.map((r) => r.policy_number));
}

export async function openTaskCount(db: Queryable, campaignId: string): Promise<number> {
  const [{ n }]: Array<{ n: number }> = await db.query(
    `SELECT count(*)::int AS n FROM recheck_tasks WHERE campaign_id = $1 AND state = 'OPEN'`,
    [campaignId],
  );
  return n;
}

type StoredCorrection = Correction & { sealed?: string };

const TASK_COLUMNS = `t.id AS "taskId", t.campaign_id AS "campaignId", t.policy_number AS "policyNumber", t.channel,
  t.branch_code AS "branchCode", t.state, t.due_at AS "dueAt", t.reminded, t.escalated, t.outcome, t.revisit_made AS "revisitMade",
  t.revisit_result AS "revisitResult", t.corrections, t.case_id AS "caseId", t.done_by AS "doneBy", t.done_at AS "doneAt"`;

type RawTask = Omit<RecheckTaskView, 'dueAt' | 'doneAt' | 'corrections'> & {
  dueAt: Date;
  doneAt: Date | null;
  corrections: StoredCorrection[] | null;
};

function task(r: RawTask, cipher: FieldCipher): RecheckTaskView {
  return {
    ...r,
    dueAt: r.dueAt.toISOString(),
    doneAt: r.doneAt?.toISOString() ?? null,
    corrections: r.corrections?.map((c) => openCorrection(c, cipher)) ?? null,
  };
}

/** The task (corrections opened), or null; `lock` holds its row until the transaction ends. */
export async function findTask(
  db: Queryable,
  cipher: FieldCipher,
  taskId: string,
  lock = false,
): Promise<RecheckTaskView | null> {
  const rows: RawTask[] = await db.query(
    `SELECT ${TASK_COLUMNS} FROM recheck_tasks t WHERE t.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [taskId],
  );
  return rows[0] ? task(rows[0], cipher) : null;
}

export async function markTaskDone(
  tx: Queryable,
  cipher: FieldCipher,
  t: {
    taskId: string;
    outcome: RecheckOutcome;
    revisitMade: boolean;
    revisitResult: string | null;
    corrections: Correction[] | null;
    caseId: string | null;
    doneBy: string;
    doneAt: string;
  },
): Promise<boolean> {
  const result: unknown = await tx.query(
    `UPDATE recheck_tasks SET state = 'DONE', outcome = $2, revisit_made = $3, revisit_result = $4, corrections = $5,
       case_id = $6, done_by = $7, done_at = $8
     WHERE id = $1 AND state = 'OPEN' RETURNING id`,
    [
      t.taskId,
      t.outcome,
      t.revisitMade,
      t.revisitResult,
      t.corrections ? JSON.stringify(t.corrections.map((c) => sealCorrection(c, cipher))) : null,
      t.caseId,
      t.doneBy,
      t.doneAt,
    ],
  );
  return updatedCount(result) === 1;
}

/**
 * Flags the open tasks of one deadline reminded (or escalated), each once, and answers how many per scope: the
 * scopes whose customer service (or compliance) is told.
 */
export async function flagOpenTasks(
  tx: Queryable,
  campaignId: string,
  dueAt: string,
  flag: 'reminded' | 'escalated',
): Promise<ScopeCount[]> {
  return tx.query(
    `WITH flagged AS (
       UPDATE recheck_tasks SET ${flag === 'reminded' ? 'reminded' : 'escalated'} = true
       WHERE campaign_id = $1 AND due_at = $2 AND state = 'OPEN' AND NOT ${flag === 'reminded' ? 'reminded' : 'escalated'}
       RETURNING branch_code, channel)
     SELECT branch_code AS "branchCode", channel, count(*)::int AS count FROM flagged
     GROUP BY branch_code, channel ORDER BY branch_code, channel`,
    [campaignId, dueAt],
  );
}

/** How many tasks of each scope the campaign has (for the first notice). */
export async function taskScopes(tx: Queryable, campaignId: string): Promise<ScopeCount[]> {
  return tx.query(
    `SELECT branch_code AS "branchCode", channel, count(*)::int AS count FROM recheck_tasks WHERE campaign_id = $1
     GROUP BY branch_code, channel ORDER BY branch_code, channel`,
    [campaignId],
  );
}

export async function campaignTally(tx: Queryable, campaignId: string): Promise<CampaignResult> {
  const [r]: CampaignResult[] = await tx.query(
    `SELECT count(*)::int AS policies,
            count(*) FILTER (WHERE outcome = 'CONFIRMED')::int AS confirmed,
            count(*) FILTER (WHERE outcome = 'CORRECTED')::int AS corrected,
            count(*) FILTER (WHERE outcome = 'FALSE_DATA')::int AS "falseData",
            count(case_id)::int AS "casesOpened"
     FROM recheck_tasks WHERE campaign_id = $1`,
    [campaignId],
  );
  return r;
}

/** Marks the campaign finished with its result, once; answers whether this call did it. */
export async function markCampaignCompleted(
  tx: Queryable,
  campaignId: string,
  result: CampaignResult,
  at: string,
): Promise<boolean> {
  const updated: unknown = await tx.query(
    `UPDATE recheck_campaigns SET status = 'COMPLETED', finished_at = $2, result = $3 WHERE id = $1 AND status = 'RUNNING'`,
    [campaignId, at, JSON.stringify(result)],
  );
  return updatedCount(updated) === 1;
}

export interface TaskFilter {
  campaignId?: string;
  state?: RecheckTaskState;
  /** Open and past their deadline. */
  overdue?: boolean;
  /** The re-checks of one policy. */
  policyNumber?: string;
}

/** Re-check tasks in the reader's scope (the policy's branch and channel), soonest due first. */
export async function listTasks(
  db: Queryable,
  cipher: FieldCipher,
  reader: Scope,
  f: TaskFilter,
  page: number,
  pageSize: number,
): Promise<Page<RecheckTaskView>> {
  const params: unknown[] = [];
  const where = [scopeCondition(reader, params, 't')];
  if (f.campaignId) bind(where, params, 't.campaign_id = ?', f.campaignId);
  if (f.state) bind(where, params, 't.state = ?', f.state);
  if (f.overdue === true) where.push(`t.state = 'OPEN' AND t.due_at <= now()`);
  if (f.overdue === false) where.push(`NOT (t.state = 'OPEN' AND t.due_at <= now())`);
  if (f.policyNumber) bind(where, params, 't.policy_number = ?', f.policyNumber);
  const result = await paged<RawTask>(
    db,
    {
      columns: TASK_COLUMNS,
      from: 'recheck_tasks t',
      where,
      order: `(t.state = 'DONE'), t.due_at, t.policy_number, t.id`,
      params,
    },
    page,
    pageSize,
  );
  return { items: result.items.map((r) => task(r, cipher)), total: result.total };
}
