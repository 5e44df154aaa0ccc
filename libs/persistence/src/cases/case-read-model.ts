import type { DataSource, EntityManager } from 'typeorm';
import type { CaseEventRecord, CaseNotification, CaseState, CaseView } from '../../../contracts/src/case.contract';
import { taskName, type TaskName } from '../../../domain/src/case/case-tasks';
import { mailboxInScope } from '../../../domain/src/case/mailbox';
import type { Scope } from '../../../domain/src/scope';
import { insertPenaltyProposalForCase } from '../conduct/penalty-proposals';
import { openCaseView, sealCaseView } from '../crypto/case-view-seal';
import type { FieldCipher } from '../crypto/field-cipher';
import { scopeCondition } from '../scope-condition';

export { scopeCondition };

/**
 * The one owner of the case tables: `cases` (the read model the workflow writes), `case_events` (the timeline),
 * `notifications` and `notification_outbox` (what the webhook still has to receive). Every query against them
 * lives here, with the scope conditions that limit what a caller reads.
 */

/** Who reads: a user of one role with the branches and channels they may see ('*' = all). */
export interface CaseReader extends Scope {
  userId: string;
  role: string;
}

type Queryable = Pick<EntityManager, 'query'>;

/**
 * The SQL condition limiting cases to those the reader may read: any scope ('BRANCH/channel') one of the case's
 * policies or its responsible scope touches ('*' = all). Every case read uses it; steps are then decided by the
 * workflow, which only lets the responsible scope act.
 */
export function caseReadScopeCondition(p: Scope, params: unknown[], alias = 'c'): string {
  const allBranches = p.branches.includes('*');
  const allChannels = p.channels.includes('*');
  if (allBranches && allChannels) return 'true';
  if (!allBranches && !allChannels) {
    // Every key the caller holds: the GIN index on scope_keys answers the overlap.
    params.push(p.branches.flatMap((b) => p.channels.map((c) => `${b}/${c}`)));
    return `${alias}.scope_keys && $${params.length}::text[]`;
  }
  params.push(allBranches ? p.channels : p.branches);
  const part = allBranches ? `split_part(k, '/', 2)` : `split_part(k, '/', 1)`;
  return `EXISTS (SELECT 1 FROM unnest(${alias}.scope_keys) k WHERE ${part} = ANY($${params.length}::text[]))`;
}

/**
 * Every 'BRANCH/channel' that may read the case: the responsible scope and the scope of each of its policies.
 * Tolerates a view written before cases carried their policies.
 */
export function caseScopeKeys(view: Pick<CaseView, 'branchCode' | 'channel' | 'policies'>): string[] {
  const keys = [
    `${view.branchCode}/${view.channel}`,
    ...(view.policies ?? []).map((p) => `${p.branchCode}/${p.channel}`),
  ];
  return [...new Set(keys)].sort();
}

/**
 * Which cases are a task of each role, as SQL over `cases c`; `me` is the caller's id parameter. Team leaders'
 * tasks do not depend on it (PostgreSQL refuses an unused parameter).
 */
const TASKS_BY_ROLE: Record<string, { usesMe: boolean; sql: (me: string) => string }> = {
  customer_service: {
    usesMe: true,
    sql: (me) =>
      `(c.state = 'OPEN' OR (c.view->>'assistRequested')::boolean OR (c.state = 'INVESTIGATING' AND c.assignee_id = ${me}))`,
  },
  team_leader: { usesMe: false, sql: () => `c.state = 'DISTRIBUTED'` },
  back_office: {
    usesMe: true,
    sql: (me) => `(c.state = 'DISTRIBUTED' OR (c.state = 'INVESTIGATING' AND c.assignee_id = ${me}))`,
  },
  compliance: {
    usesMe: true,
    sql: (me) =>
      `((c.state = 'PENDING_APPROVAL' AND NOT (${me} = ANY(c.investigators))) OR (c.escalated AND c.compliance_supervisor_id = ${me} AND c.state <> 'CLOSED'))`,
  },
};

export interface CaseListFilter {
  state?: string;
  channel?: string;
  branch?: string;
  assignee?: string;
  escalated?: boolean;
  breached?: boolean;
  dueBefore?: string;
}

export interface CaseTask {
  caseId: string;
  task: TaskName;
  state: string;
  dueAt: string | null;
}

export interface CaseTimelineRow {
  seq: number;
  type: string;
  actorId: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface NotificationRow {
  id: string;
  caseId: string;
  kind: string;
  message: string;
  createdAt: string;
  recipient: string;
}

/** One webhook call still to make: the notifications of one case event, as the webhook receives them. */
export interface OutboxRow {
  id: string;
  body: { caseId: string; notifications: Array<{ id: string; recipient: string; kind: string; message: string }> };
}

/**
 * The notifications of one event (a case's, a campaign's, a penalty's) and, when a webhook `endpoint` is set, the
 * outbox row that will carry the new ones there; a repeated write changes nothing.
 */
async function writeNotifications(
  tx: Queryable,
  sourceId: string,
  seq: number,
  notifications: CaseNotification[],
  endpoint: string | null,
): Promise<{ outboxRowAdded: boolean }> {
  if (notifications.length === 0) return { outboxRowAdded: false };
  const fresh: Array<{ id: string; recipient: string; kind: string; message: string }> = await tx.query(
    `INSERT INTO notifications (case_id, seq, recipient, kind, message)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING
     RETURNING id::text, recipient, kind, message`,
    [
      sourceId,
      seq,
      notifications.map((n) => n.recipient),
      notifications.map((n) => n.kind),
      notifications.map((n) => n.message),
    ],
  );
  if (fresh.length === 0 || !endpoint) return { outboxRowAdded: false };
  await tx.query(
    `INSERT INTO notification_outbox (case_id, seq, endpoint, body, notification_ids) VALUES ($1, $2, $3, $4, $5::bigint[])
     ON CONFLICT DO NOTHING`,
    [sourceId, seq, endpoint, JSON.stringify({ caseId: sourceId, notifications: fresh }), fresh.map((n) => n.id)],
  );
  return { outboxRowAdded: true };
}

export class CaseReadModel {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * Writes one case event in one transaction: the case row (only if the event is newer), the timeline entry, its
   * notifications and, when a webhook `endpoint` is set, the outbox row that will carry the new notifications
   * there. Idempotent on (caseId, seq): a repeated write changes nothing. Returns whether an outbox row was added.
   */
  async recordEvent(
    event: CaseEventRecord,
    notifications: CaseNotification[],
    endpoint: string | null,
  ): Promise<{ outboxRowAdded: boolean }> {
    const v = event.view;
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO cases (case_id, finding_key, rule, state, channel, branch_code, seller_code, assignee_id, compliance_supervisor_id,
           escalated, urgent, cooling_off_breached, outcome, due_at, investigation_due_at, revisit_deadline_at, cooling_off_ends_at,
           policy_numbers, investigators, view, seq, opened_at, updated_at, closed_at, scope_keys)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22,
           CASE WHEN $4 = 'CLOSED' THEN $22::timestamptz END, $23)
         ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, channel = EXCLUDED.channel, branch_code = EXCLUDED.branch_code,
           assignee_id = EXCLUDED.assignee_id, compliance_supervisor_id = EXCLUDED.compliance_supervisor_id,
           escalated = EXCLUDED.escalated, urgent = EXCLUDED.urgent, cooling_off_breached = EXCLUDED.cooling_off_breached,
           outcome = EXCLUDED.outcome, due_at = EXCLUDED.due_at, investigation_due_at = EXCLUDED.investigation_due_at,
           revisit_deadline_at = EXCLUDED.revisit_deadline_at, cooling_off_ends_at = EXCLUDED.cooling_off_ends_at,
           policy_numbers = EXCLUDED.policy_numbers, investigators = EXCLUDED.investigators, view = EXCLUDED.view,
           seq = EXCLUDED.seq, updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at, scope_keys = EXCLUDED.scope_keys
         WHERE cases.seq < EXCLUDED.seq`,
        [
          v.caseId,
          v.findingKey,
          v.rule,
          v.state,
          v.channel,
          v.branchCode,
          v.sellerCode,
          v.assigneeId,
          v.complianceSupervisorId,
          v.escalated,
          v.urgent,
          v.coolingOffBreached,
          v.outcome,
          v.dueAt,
          v.deadlines.investigationDueAt,
          v.deadlines.revisitDeadlineAt,
          v.deadlines.coolingOffEndsAt,
          v.policyNumbers,
          v.investigators,
          JSON.stringify(sealCaseView(v, this.cipher)),
          event.seq,
          event.at,
          caseScopeKeys(v),
        ],
      );
      await tx.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, at, detail) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [event.caseId, event.seq, event.type, event.actorId, event.at, JSON.stringify(event.detail)],
      );
      // R7: a case closed with false data confirmed is a penalty proposal, written with the close (once per case).
      if (event.type === 'CLOSED' && v.outcome === 'FALSE_INFO_CONFIRMED')
        await insertPenaltyProposalForCase(tx, v, event.at);
      return writeNotifications(tx, event.caseId, event.seq, notifications, endpoint);
    });
  }

  /**
   * Notifications that are not a case event's: those of a re-check campaign or a penalty, under the id of what they
   * are about (`campaign-…`, `penalty-…`) in `case_id` and a sequence number of its own. Idempotent on
   * (sourceId, seq, recipient), as a case event's are; pass `tx` to write them with the change they announce.
   */
  async recordNotices(
    sourceId: string,
    seq: number,
    notifications: Array<Omit<CaseNotification, 'caseId'>>,
    endpoint: string | null,
    tx?: EntityManager,
  ): Promise<{ outboxRowAdded: boolean }> {
    const rows = notifications.map((n) => ({ ...n, caseId: sourceId }));
    if (tx) return writeNotifications(tx, sourceId, seq, rows, endpoint);
    return this.db.transaction((t) => writeNotifications(t, sourceId, seq, rows, endpoint));
  }

  /** The case as the reader may see it (corrections opened, not masked), or null if absent or out of scope. */
  async findInScope(reader: Scope, caseId: string): Promise<CaseView | null> {
    const params: unknown[] = [caseId];
    const rows: Array<{ view: CaseView }> = await this.db.query(
      `SELECT view FROM cases c WHERE c.case_id = $1 AND ${caseReadScopeCondition(reader, params)}`,
      params,
    );
    return rows.length === 0 ? null : openCaseView(rows[0].view, this.cipher);
  }

  /**
   * A page of the cases the reader may read, soonest due first, with how many match the filter: counted up to
   * `countCap`, past which `totalCapped` says the total is at least that (an exact count scans every match).
   */
  async list(
    reader: Scope,
    filter: CaseListFilter,
    page: number,
    pageSize: number,
    countCap: number,
  ): Promise<{ items: CaseView[]; total: number; totalCapped: boolean }> {
    const params: unknown[] = [];
    const where = [caseReadScopeCondition(reader, params)];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.state) add('c.state = ?', filter.state);
    if (filter.channel) add('c.channel = ?', filter.channel);
    if (filter.branch) add('c.branch_code = ?', filter.branch);
    if (filter.assignee) add('c.assignee_id = ?', filter.assignee);
    if (filter.escalated !== undefined) add('c.escalated = ?', filter.escalated);
    if (filter.breached !== undefined) add('c.cooling_off_breached = ?', filter.breached);
    if (filter.dueBefore) add('c.due_at < ?', filter.dueBefore);
    const [{ counted }] = await this.db.query(
      `SELECT count(*)::int AS counted FROM (SELECT 1 FROM cases c WHERE ${where.join(' AND ')} LIMIT ${Number(countCap) + 1}) m`,
      params,
    );
    const rows: Array<{ view: CaseView }> = await this.db.query(
      `SELECT view FROM cases c WHERE ${where.join(' AND ')} ORDER BY c.due_at NULLS LAST, c.case_id LIMIT ${Number(pageSize)} OFFSET ${(Number(page) - 1) * Number(pageSize)}`,
      params,
    );
    const totalCapped = counted > countCap;
    return {
      items: rows.map((r) => openCaseView(r.view, this.cipher)),
      total: totalCapped ? countCap : counted,
      totalCapped,
    };
  }

  /** The case's timeline, oldest first (the caller has checked the case is in scope). */
  async timeline(caseId: string): Promise<CaseTimelineRow[]> {
    return this.db.query(
      `SELECT seq, type, actor_id AS "actorId", at, detail FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
  }

  /** What the reader must do next, soonest due first: only cases whose responsible scope is the reader's. */
  async tasksFor(reader: CaseReader): Promise<CaseTask[]> {
    const rule = TASKS_BY_ROLE[reader.role];
    if (!rule) return [];
    const params: unknown[] = [];
    // Only steps the caller can take: a scope that merely touches the case reads it but does not act on it.
    const scope = scopeCondition(reader, params);
    if (rule.usesMe) params.push(reader.userId);
    const condition = rule.sql(`$${params.length}::text`);
    const rows: Array<{
      case_id: string;
      state: CaseState;
      due_at: Date | null;
      assist: boolean;
      assignee_id: string | null;
    }> = await this.db.query(
      `SELECT c.case_id, c.state, c.due_at, (c.view->>'assistRequested')::boolean AS assist, c.assignee_id FROM cases c
       WHERE ${scope} AND ${condition} ORDER BY c.due_at NULLS LAST, c.case_id LIMIT 500`,
      params,
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      state: r.state,
      dueAt: r.due_at?.toISOString() ?? null,
      task: taskName(reader.role, { state: r.state, assist: r.assist, assigneeId: r.assignee_id }, reader.userId),
    }));
  }

  /** Notifications addressed to the reader or to a mailbox of the reader's role within the reader's scope. */
  async notificationsFor(reader: CaseReader, afterId = 0): Promise<NotificationRow[]> {
    const rows: Array<{
      id: string;
      case_id: string;
      kind: string;
      message: string;
      created_at: Date;
      recipient: string;
    }> = await this.db.query(
      `SELECT id, case_id, kind, message, created_at, recipient FROM notifications
       WHERE id > $1 AND (recipient = $2 OR recipient LIKE $3) ORDER BY id LIMIT 200`,
      [afterId, reader.userId, `${reader.role}@%`],
    );
    return rows
      .filter((r) => r.recipient === reader.userId || mailboxInScope(reader, r.recipient))
      .map((r) => ({
        id: String(r.id),
        caseId: r.case_id,
        kind: r.kind,
        message: r.message,
        createdAt: r.created_at.toISOString(),
        recipient: r.recipient,
      }));
  }

  /** Open cases one of whose policies is `policyNumber` (they are told when its receipt is signed). */
  async openCasesOfPolicy(policyNumber: string, tx: Queryable = this.db): Promise<string[]> {
    const rows: Array<{ case_id: string }> = await tx.query(
      `SELECT case_id FROM cases WHERE state <> 'CLOSED' AND $1 = ANY(policy_numbers)`,
      [policyNumber],
    );
    return rows.map((r) => r.case_id);
  }

  /** Every open case (they are told when the calendar changes). */
  async openCaseIds(): Promise<string[]> {
    const rows: Array<{ case_id: string }> = await this.db.query(`SELECT case_id FROM cases WHERE state <> 'CLOSED'`);
    return rows.map((r) => r.case_id);
  }

  /** The active compliance supervisor of the branch (or of all branches) with the fewest open cases. */
  async leastLoadedSupervisor(branchCode: string): Promise<string | null> {
    const rows: Array<{ user_id: string }> = await this.db.query(
      `SELECT s.user_id FROM staff s
       WHERE s.role = 'compliance' AND s.active AND s.branch_code IN ($1, '*')
       ORDER BY (SELECT count(*) FROM cases c WHERE c.compliance_supervisor_id = s.user_id AND c.state <> 'CLOSED'), s.user_id
       LIMIT 1`,
      [branchCode],
    );
    return rows[0]?.user_id ?? null;
  }

  /** Outbox rows still to deliver to `endpoint`: the least tried first, so one that keeps failing blocks no other. */
  async pendingOutbox(endpoint: string, limit: number): Promise<OutboxRow[]> {
    const rows: Array<{ id: string; body: OutboxRow['body'] }> = await this.db.query(
      `SELECT id::text, body FROM notification_outbox WHERE endpoint = $1 AND delivered_at IS NULL ORDER BY attempts, id LIMIT $2`,
      [endpoint, limit],
    );
    return rows;
  }

  /** The row was accepted by the webhook: it and its notifications count as delivered. */
  async outboxDelivered(id: string): Promise<void> {
    await this.db.query(
      `WITH done AS (
         UPDATE notification_outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL
         WHERE id = $1 AND delivered_at IS NULL RETURNING notification_ids)
       UPDATE notifications SET delivered_at = now() WHERE id IN (SELECT unnest(notification_ids) FROM done)`,
      [id],
    );
  }

  async outboxFailed(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE notification_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND delivered_at IS NULL`,
      [id, error.slice(0, 500)],
    );
  }
}
