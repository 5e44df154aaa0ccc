import type { EntityManager } from 'typeorm';
import type { UnderwritingReason } from '../../../domain/src';

/**
 * The policies table's smaller reads and updates, beside PolicyReader (whole policies, decrypted) and PolicyWriter
 * (set-based inserts and replacements): receipt dates, recheck decisions, scope look-ups, id ranges.
 */

export async function countPolicies(db: EntityManager): Promise<number> {
  const [{ n }]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM policies`);
  return n;
}

/** Policy id range (lo, hi] covering every stored policy, for the backlog self-check's batches. */
export async function policyIdRange(db: EntityManager): Promise<{ lo: string | null; hi: string | null }> {
  const [range]: Array<{ lo: string | null; hi: string | null }> = await db.query(
    `SELECT min(id) - 1 AS lo, max(id) AS hi FROM policies`,
  );
  return range;
}

/** A policy's branch and channel (its scope), or null when there is no such policy. */
export async function policyScope(
  db: EntityManager,
  policyNumber: string,
): Promise<{ branch_code: string; channel: string } | null> {
  const [policy] = await db.query(`SELECT branch_code, channel FROM policies WHERE policy_number = $1`, [policyNumber]);
  return policy ?? null;
}

export async function setReceiptSignedDate(db: EntityManager, policyId: string, date: string): Promise<void> {
  await db.query(`UPDATE policies SET receipt_signed_date = $2, updated_at = now() WHERE id = $1`, [policyId, date]);
}

/** Counts the policy as changed, so the next incremental detection run looks at it again. */
export async function touchPolicy(db: EntityManager, policyNumber: string): Promise<void> {
  await db.query(`UPDATE policies SET updated_at = now() WHERE policy_number = $1`, [policyNumber]);
}

export interface Redecision {
  id: string;
  status: 'ACCEPTED' | 'REJECTED';
  reasons: UnderwritingReason[];
  inScope: boolean;
}

/** R10: new decisions of a recheck batch; only rows whose decision changed are written. */
export async function applyRedecisions(db: EntityManager, rows: Redecision[]): Promise<void> {
  await db.query(
    `UPDATE policies p SET status = u.status, reasons = u.reasons, in_scope = u.in_scope, underwritten_at = now(), updated_at = now()
     FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::bool[]) AS u(id, status, reasons, in_scope)
     WHERE p.id = u.id AND (p.status <> u.status OR p.reasons <> u.reasons OR p.in_scope <> u.in_scope)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.status),
      rows.map((r) => JSON.stringify(r.reasons)),
      rows.map((r) => r.inScope),
    ],
  );
}

/**
 * R10: accepted policies that would now be refused keep their decision and are flagged with why; updated_at moves
 * only when first flagged, so the next incremental run sees them once.
 */
export async function flagRecheckFailures(
  db: EntityManager,
  rows: Array<{ id: string; reasons: UnderwritingReason[] }>,
): Promise<void> {
  await db.query(
    `UPDATE policies p SET recheck_reasons = u.reasons, underwritten_at = now(),
       updated_at = CASE WHEN p.recheck_failed_at IS NULL THEN now() ELSE p.updated_at END,
       recheck_failed_at = coalesce(p.recheck_failed_at, now())
     FROM unnest($1::bigint[], $2::jsonb[]) AS u(id, reasons) WHERE p.id = u.id`,
    [rows.map((r) => r.id), rows.map((r) => JSON.stringify(r.reasons))],
  );
}

/** The customers linked to a policy's parties (ids as text, ascending), for a case opened on it by hand. */
export async function customerIdsOfPolicy(db: EntityManager, policyNumber: string): Promise<string[]> {
  const [{ customers }]: Array<{ customers: string[] }> = await db.query(
    `SELECT ARRAY(SELECT DISTINCT pp.customer_id::text FROM policy_parties pp JOIN policies p ON p.id = pp.policy_id
                    WHERE p.policy_number = $1 AND pp.customer_id IS NOT NULL ORDER BY 1) AS customers`,
    [policyNumber],
  );
  return customers;
}
