import type { EntityManager } from 'typeorm';
import type { RetentionRule, RetentionSettings } from '../../../domain/src/retention/retention-rules';
import type { Scope } from '../../../domain/src/scope';
import type { FieldCipher } from '../crypto/field-cipher';
import { scopeCondition } from '../scope-condition';

/** Retention (migrations/1765810000000-Retention): what is past it, its destruction, the log, legal holds. */

/**
 * Policies past retention that nothing still needs, oldest first: no case naming them is open, no re-check task on
 * them is open, no loan holding them is out, no legal hold is on them. `today` is the branch's date (YYYY-MM-DD).
 */
export async function expiredPolicies(
  db: EntityManager,
  rules: RetentionSettings,
  today: string,
  limit: number,
): Promise<Array<{ policyNumber: string; rule: RetentionRule }>> {
  const rows: Array<{ policy_number: string; rule: RetentionRule }> = await db.query(
    `SELECT p.policy_number,
            CASE WHEN p.status = 'ACCEPTED' THEN 'policy_ended' ELSE 'application_rejected' END AS rule
     FROM policies p
     WHERE ((p.status = 'ACCEPTED'
             AND p.application_date + make_interval(months => p.term_months, years => $1::int) <= $3::date)
         OR (p.status = 'REJECTED' AND p.application_date + make_interval(years => $2::int) <= $3::date))
       AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.state <> 'CLOSED' AND p.policy_number = ANY (c.policy_numbers))
       AND NOT EXISTS (SELECT 1 FROM recheck_tasks t WHERE t.state = 'OPEN' AND t.policy_number = p.policy_number)
       AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.returned_at IS NULL AND p.policy_number = ANY (l.records))
       AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.lifted_at IS NULL AND h.policy_number = p.policy_number)
     ORDER BY p.id
     LIMIT $4`,
    [rules.policyYears, rules.rejectedYears, today, limit],
  );
  return rows.map((r) => ({ policyNumber: r.policy_number, rule: r.rule }));
}

/** TypeORM answers a DELETE on PostgreSQL with [rows, count]. */
function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/**
 * Destroys policies with their parties, contacts, accounts, beneficiaries and payer exceptions, then every customer
 * no other record names any more. Returns the rows deleted directly (payer exceptions, policies, customers; not the
 * parties, contacts, accounts and beneficiaries that go with a policy by cascade).
 */
export async function destroyPolicies(db: EntityManager, policyNumbers: string[]): Promise<number> {
  if (policyNumbers.length === 0) return 0;
  const customers: Array<{ id: string }> = await db.query(
    `SELECT DISTINCT pp.customer_id AS id FROM policy_parties pp JOIN policies p ON p.id = pp.policy_id
     WHERE p.policy_number = ANY ($1::text[]) AND pp.customer_id IS NOT NULL`,
    [policyNumbers],
  );
  let rows = 0;
  rows += affectedRows(
    await db.query(`DELETE FROM payer_exceptions WHERE policy_number = ANY ($1::text[])`, [policyNumbers]),
  );
  rows += affectedRows(await db.query(`DELETE FROM policies WHERE policy_number = ANY ($1::text[])`, [policyNumbers]));
  rows += affectedRows(
    await db.query(
      `DELETE FROM customers c WHERE c.id = ANY ($1::bigint[])
         AND NOT EXISTS (SELECT 1 FROM policy_parties pp WHERE pp.customer_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM contact_points cp WHERE cp.customer_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM bank_accounts b WHERE b.payer_customer_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM customer_corrections cc WHERE cc.customer_id = c.id OR cc.linked_customer_id = c.id)`,
      [customers.map((c) => c.id)],
    ),
  );
  return rows;
}

export async function destroyInquiryAttempts(db: EntityManager, before: Date): Promise<number> {
  return affectedRows(await db.query(`DELETE FROM inquiry_attempts WHERE at < $1`, [before]));
}

/**
 * The staged rows still held by imports that finished (failed: a completed one has none left) or were abandoned while
 * staging, before `before`: rows removed per import.
 */
export async function destroyImportRows(
  db: EntityManager,
  before: Date,
): Promise<Array<{ importId: string; rows: number }>> {
  const removed: Array<{ import_id: string; n: number }> = await db.query(
    `WITH gone AS (
       DELETE FROM import_rows r USING imports i
       WHERE r.import_id = i.id
         AND (i.finished_at < $1 OR (i.finished_at IS NULL AND i.status = 'STAGING' AND i.created_at < $1))
       RETURNING r.import_id
     )
     SELECT import_id, count(*)::int AS n FROM gone GROUP BY import_id ORDER BY import_id`,
    [before],
  );
  return removed.map((r) => ({ importId: r.import_id, rows: r.n }));
}

export interface DestructionEntry {
  runId: string;
  rule: RetentionRule;
  recordKind: string;
  recordRef: string;
  rows: number;
}

export async function logDestruction(db: EntityManager, entries: DestructionEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO destruction_log (run_id, rule, record_kind, record_ref, rows)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])`,
    [
      entries.map((e) => e.runId),
      entries.map((e) => e.rule),
      entries.map((e) => e.recordKind),
      entries.map((e) => e.recordRef),
      entries.map((e) => e.rows),
    ],
  );
}

export interface DestructionLogRow extends DestructionEntry {
  id: string;
  destroyedAt: string;
}

export async function listDestructionLog(
  db: EntityManager,
  filter: { rule?: RetentionRule; runId?: string },
  page: { limit: number; offset: number },
): Promise<{ total: number; items: DestructionLogRow[] }> {
  const params: unknown[] = [filter.rule ?? null, filter.runId ?? null];
  const where = `($1::text IS NULL OR rule = $1) AND ($2::text IS NULL OR run_id = $2)`;
  const [{ n }]: Array<{ n: number }> = await db.query(
    `SELECT count(*)::int AS n FROM destruction_log WHERE ${where}`,
    params,
  );
  const rows: Array<{
    id: string;
    run_id: string;
    rule: RetentionRule;
    record_kind: string;
    record_ref: string;
    rows: number;
    destroyed_at: Date;
  }> = await db.query(
    `SELECT * FROM destruction_log WHERE ${where} ORDER BY destroyed_at DESC, id DESC LIMIT $3 OFFSET $4`,
    [...params, page.limit, page.offset],
  );
  return {
    total: n,
    items: rows.map((r) => ({
      id: String(r.id),
      runId: r.run_id,
      rule: r.rule,
      recordKind: r.record_kind,
      recordRef: r.record_ref,
      rows: r.rows,
      destroyedAt: r.destroyed_at.toISOString(),
    })),
  };
}

export interface LegalHoldRow {
  id: string;
  policyNumber: string;
  branchCode: string;
  channel: string;
  reason: string;
  placedBy: string;
  placedAt: string;
  liftedBy: string | null;
  liftedAt: string | null;
}

interface RawHold {
  id: string;
  policy_number: string;
  branch_code: string;
  channel: string;
  reason_enc: Buffer;
  placed_by: string;
  placed_at: Date;
  lifted_by: string | null;
  lifted_at: Date | null;
}

const holdOf = (cipher: FieldCipher, r: RawHold): LegalHoldRow => ({
  id: r.id,
  policyNumber: r.policy_number,
  branchCode: r.branch_code,
  channel: r.channel,
  reason: cipher.decrypt(r.reason_enc),
  placedBy: r.placed_by,
  placedAt: r.placed_at.toISOString(),
  liftedBy: r.lifted_by,
  liftedAt: r.lifted_at ? r.lifted_at.toISOString() : null,
});

export async function insertLegalHold(
  db: EntityManager,
  cipher: FieldCipher,
  h: { id: string; policyNumber: string; branchCode: string; channel: string; reason: string; placedBy: string },
): Promise<LegalHoldRow> {
  const [row]: RawHold[] = await db.query(
    `INSERT INTO legal_holds (id, policy_number, branch_code, channel, reason_enc, placed_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [h.id, h.policyNumber, h.branchCode, h.channel, cipher.encrypt(h.reason), h.placedBy],
  );
  return holdOf(cipher, row);
}

export async function findLegalHold(
  db: EntityManager,
  cipher: FieldCipher,
  id: string,
  forUpdate = false,
): Promise<LegalHoldRow | null> {
  const rows: RawHold[] = await db.query(`SELECT * FROM legal_holds WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [
    id,
  ]);
  return rows[0] ? holdOf(cipher, rows[0]) : null;
}

export async function liftLegalHold(
  db: EntityManager,
  cipher: FieldCipher,
  id: string,
  by: string,
): Promise<LegalHoldRow> {
  const [[row]]: [RawHold[], number] = await db.query(
    `UPDATE legal_holds SET lifted_by = $2, lifted_at = now() WHERE id = $1 RETURNING *`,
    [id, by],
  );
  return holdOf(cipher, row);
}

export async function listLegalHolds(
  db: EntityManager,
  cipher: FieldCipher,
  who: Scope,
  active: boolean | undefined,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: LegalHoldRow[] }> {
  const params: unknown[] = [];
  const where = [scopeCondition(who, params, 'h')];
  if (active !== undefined) where.push(active ? 'h.lifted_at IS NULL' : 'h.lifted_at IS NOT NULL');
  const condition = where.join(' AND ');
  const [{ n }]: Array<{ n: number }> = await db.query(
    `SELECT count(*)::int AS n FROM legal_holds h WHERE ${condition}`,
    params,
  );
  const rows: RawHold[] = await db.query(
    `SELECT h.* FROM legal_holds h WHERE ${condition} ORDER BY h.placed_at DESC, h.id
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return { total: n, items: rows.map((r) => holdOf(cipher, r)) };
}
