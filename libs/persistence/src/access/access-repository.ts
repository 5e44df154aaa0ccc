import type { EntityManager } from 'typeorm';
import type { AccessObjectKind, AccessRequestStatus, Confidentiality } from '../../../domain/src/access/access-rules';
import type { Scope } from '../../../domain/src/scope';
import type { FieldCipher } from '../crypto/field-cipher';
import { scopeCondition } from '../scope-condition';

/**
 * Confidentiality levels of policies and evidence, and the access requests that open the confidential ones (doc 4;
 * migrations/1765710000000-AccessRequests). Purpose, reason and a rejection's reason are stored encrypted.
 */

export interface AccessObject {
  kind: AccessObjectKind;
  id: string;
  level: Confidentiality;
  branchCode: string;
  channel: string;
  /** The case an evidence file belongs to; null for a policy. */
  caseId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A policy by number, or an evidence file by id with its case's scope; null when there is none. */
export async function findAccessObject(
  db: EntityManager,
  kind: AccessObjectKind,
  id: string,
  forUpdate = false,
): Promise<AccessObject | null> {
  const lock = forUpdate ? 'FOR UPDATE' : '';
  let rows: Array<{ level: Confidentiality; branch_code: string; channel: string; case_id: string | null }>;
  if (kind === 'policy') {
    rows = await db.query(
      `SELECT confidentiality AS level, branch_code, channel, NULL AS case_id FROM policies WHERE policy_number = $1 ${lock}`,
      [id],
    );
  } else {
    if (!UUID.test(id)) return null;
    rows = await db.query(
      `SELECT e.confidentiality AS level, c.branch_code, c.channel, e.case_id
       FROM evidence e JOIN cases c ON c.case_id = e.case_id WHERE e.id = $1 ${forUpdate ? 'FOR UPDATE OF e' : ''}`,
      [id],
    );
  }
  const r = rows[0];
  return r ? { kind, id, level: r.level, branchCode: r.branch_code, channel: r.channel, caseId: r.case_id } : null;
}

export async function setConfidentiality(
  db: EntityManager,
  kind: AccessObjectKind,
  id: string,
  level: Confidentiality,
): Promise<void> {
  if (kind === 'policy')
    await db.query(`UPDATE policies SET confidentiality = $2, updated_at = now() WHERE policy_number = $1`, [
      id,
      level,
    ]);
  else await db.query(`UPDATE evidence SET confidentiality = $2 WHERE id = $1`, [id, level]);
}

/** Whether `userId` holds an approved request for the object, in force at `now`, for `level` or higher. */
export async function holdsAccess(
  db: EntityManager,
  userId: string,
  kind: AccessObjectKind,
  id: string,
  level: Exclude<Confidentiality, 'normal'>,
  now: Date,
): Promise<boolean> {
  const levels = level === 'top_secret' ? ['top_secret'] : ['confidential', 'top_secret'];
  const rows: unknown[] = await db.query(
    `SELECT 1 FROM access_requests
     WHERE status = 'approved' AND requested_by = $1 AND object_kind = $2 AND object_id = $3
       AND valid_from <= $4 AND valid_until > $4 AND level = ANY($5::text[]) LIMIT 1`,
    [userId, kind, id, now, levels],
  );
  return rows.length > 0;
}

export interface AccessRequestRow {
  id: string;
  objectKind: AccessObjectKind;
  objectId: string;
  level: Exclude<Confidentiality, 'normal'>;
  branchCode: string;
  channel: string;
  purpose: string;
  reason: string;
  days: number;
  requestedBy: string;
  requestedRole: string;
  requestedAt: string;
  status: AccessRequestStatus;
  serviceApprovedBy: string | null;
  serviceApprovedAt: string | null;
  complianceApprovedBy: string | null;
  complianceApprovedAt: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  validFrom: string | null;
  validUntil: string | null;
}

export interface NewAccessRequest {
  id: string;
  object: AccessObject & { level: Exclude<Confidentiality, 'normal'> };
  purpose: string;
  reason: string;
  days: number;
  requestedBy: string;
  requestedRole: string;
}

export async function insertAccessRequest(db: EntityManager, cipher: FieldCipher, r: NewAccessRequest): Promise<void> {
  await db.query(
    `INSERT INTO access_requests (id, object_kind, object_id, level, branch_code, channel, purpose_enc, reason_enc,
       days, requested_by, requested_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      r.id,
      r.object.kind,
      r.object.id,
      r.object.level,
      r.object.branchCode,
      r.object.channel,
      cipher.encrypt(r.purpose),
      cipher.encrypt(r.reason),
      r.days,
      r.requestedBy,
      r.requestedRole,
    ],
  );
}

export async function findAccessRequest(
  db: EntityManager,
  cipher: FieldCipher,
  id: string,
  forUpdate = false,
): Promise<AccessRequestRow | null> {
  const rows: RawRow[] = await db.query(
    `SELECT * FROM access_requests WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toRow(cipher, rows[0]) : null;
}

/** The approval given: customer service's or compliance's, and, when it was the last one needed, the period. */
export async function recordApproval(
  db: EntityManager,
  id: string,
  gives: 'service' | 'compliance',
  approver: string,
  at: Date,
  period: { validFrom: Date; validUntil: Date } | null,
): Promise<void> {
  const column = gives === 'service' ? 'service_approved' : 'compliance_approved';
  await db.query(
    `UPDATE access_requests SET ${column}_by = $2, ${column}_at = $3,
       status = CASE WHEN $4::timestamptz IS NULL THEN status ELSE 'approved' END, valid_from = $4, valid_until = $5
     WHERE id = $1`,
    [id, approver, at, period?.validFrom ?? null, period?.validUntil ?? null],
  );
}

export async function recordRejection(
  db: EntityManager,
  cipher: FieldCipher,
  id: string,
  by: string,
  reason: string,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE access_requests SET status = 'rejected', rejected_by = $2, rejected_at = $3, rejection_reason_enc = $4
     WHERE id = $1`,
    [id, by, at, cipher.encrypt(reason)],
  );
}

export interface AccessRequestFilter {
  status?: AccessRequestStatus;
  /** The caller's own only. */
  mine?: boolean;
}

/**
 * Newest first: the caller's own requests, and, for approvers (customer service, compliance), the requests on records
 * in their scope.
 */
export async function listAccessRequests(
  db: EntityManager,
  cipher: FieldCipher,
  who: Scope & { userId: string; approver: boolean },
  filter: AccessRequestFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: AccessRequestRow[] }> {
  const params: unknown[] = [who.userId];
  const visible =
    who.approver && !filter.mine
      ? `(a.requested_by = $1 OR (${scopeCondition(who, params, 'a')}))`
      : 'a.requested_by = $1';
  const where = [visible];
  if (filter.status) {
    params.push(filter.status);
    where.push(`a.status = $${params.length}`);
  }
  const condition = where.join(' AND ');
  const [{ n }]: Array<{ n: number }> = await db.query(
    `SELECT count(*)::int AS n FROM access_requests a WHERE ${condition}`,
    params,
  );
  const rows: RawRow[] = await db.query(
    `SELECT a.* FROM access_requests a WHERE ${condition} ORDER BY a.requested_at DESC, a.id
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return { total: n, items: rows.map((r) => toRow(cipher, r)) };
}

interface RawRow {
  id: string;
  object_kind: AccessObjectKind;
  object_id: string;
  level: Exclude<Confidentiality, 'normal'>;
  branch_code: string;
  channel: string;
  purpose_enc: Buffer;
  reason_enc: Buffer;
  days: number;
  requested_by: string;
  requested_role: string;
  requested_at: Date;
  status: AccessRequestStatus;
  service_approved_by: string | null;
  service_approved_at: Date | null;
  compliance_approved_by: string | null;
  compliance_approved_at: Date | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  rejection_reason_enc: Buffer | null;
  valid_from: Date | null;
  valid_until: Date | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toRow(cipher: FieldCipher, r: RawRow): AccessRequestRow {
  return {
    id: r.id,
    objectKind: r.object_kind,
    objectId: r.object_id,
    level: r.level,
    branchCode: r.branch_code,
    channel: r.channel,
    purpose: cipher.decrypt(r.purpose_enc),
    reason: cipher.decrypt(r.reason_enc),
    days: r.days,
    requestedBy: r.requested_by,
    requestedRole: r.requested_role,
    requestedAt: r.requested_at.toISOString(),
    status: r.status,
    serviceApprovedBy: r.service_approved_by,
    serviceApprovedAt: iso(r.service_approved_at),
    complianceApprovedBy: r.compliance_approved_by,
    complianceApprovedAt: iso(r.compliance_approved_at),
    rejectedBy: r.rejected_by,
    rejectedAt: iso(r.rejected_at),
    rejectionReason: r.rejection_reason_enc ? cipher.decrypt(r.rejection_reason_enc) : null,
    validFrom: iso(r.valid_from),
    validUntil: iso(r.valid_until),
  };
}

/**
 * Of the given policies, those a bulk list must withhold from the reader: confidential or top secret, with no approved
 * access request of the reader's in force for that level. One query for a page of a list.
 */
export async function withheldPolicies(
  db: EntityManager,
  userId: string,
  policyNumbers: string[],
  now: Date,
): Promise<Set<string>> {
  if (policyNumbers.length === 0) return new Set();
  const rows: Array<{ policy_number: string }> = await db.query(
    `SELECT p.policy_number FROM policies p
     WHERE p.policy_number = ANY($1::text[]) AND p.confidentiality <> 'normal'
       AND NOT EXISTS (
         SELECT 1 FROM access_requests a
         WHERE a.status = 'approved' AND a.requested_by = $2 AND a.object_kind = 'policy'
           AND a.object_id = p.policy_number AND a.valid_from <= $3 AND a.valid_until > $3
           AND (a.level = 'top_secret' OR p.confidentiality = 'confidential'))`,
    [policyNumbers, userId, now],
  );
  return new Set(rows.map((r) => r.policy_number));
}
