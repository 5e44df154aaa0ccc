import type { SubjectKind } from '../../../contracts/src/campaign.contract';
import type { Scope } from '../../../domain/src/scope';
import type { CountedComplaint } from '../../../domain/src/conduct/recheck-trigger';
import { scopeCondition } from '../cases/case-read-model';
import { bind, paged, updatedCount, type Page, type Queryable } from './subjects';

/** The complaints context's tables: `complaints` and `complaint_attachments` (R6, Art. 14). All their SQL is here. */

export const COMPLAINT_KINDS = ['mis_selling', 'other'] as const;
export const COMPLAINT_SOURCES = ['phone', 'counter', 'letter', 'online', 'regulator'] as const;
export const COMPLAINT_OUTCOMES = ['VERIFIED', 'UNFOUNDED'] as const;

export interface ComplaintRow {
  id: string;
  subjectKind: SubjectKind;
  subjectCode: string;
  policyNumber: string;
  /** The sales channel and branch of the policy: the complaint's scope. */
  salesChannel: string;
  branchCode: string;
  kind: (typeof COMPLAINT_KINDS)[number];
  receivedDate: string;
  /** How the complaint came in (the column `source`). */
  channel: (typeof COMPLAINT_SOURCES)[number];
  summary: string;
  registeredBy: string;
  registeredAt: string;
  outcome: (typeof COMPLAINT_OUTCOMES)[number] | null;
  outcomeReason: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  campaignId: string | null;
}

const COLUMNS = `c.id, c.subject_kind AS "subjectKind", c.subject_code AS "subjectCode", c.policy_number AS "policyNumber",
  c.channel AS "salesChannel", c.branch_code AS "branchCode", c.kind, to_char(c.received_date, 'YYYY-MM-DD') AS "receivedDate",
  c.source AS channel, c.summary, c.registered_by AS "registeredBy", c.registered_at AS "registeredAt", c.outcome,
  c.outcome_reason AS "outcomeReason", c.verified_by AS "verifiedBy", c.verified_at AS "verifiedAt", c.campaign_id AS "campaignId"`;

type RawComplaint = Omit<ComplaintRow, 'registeredAt' | 'verifiedAt'> & { registeredAt: Date; verifiedAt: Date | null };

function complaint(r: RawComplaint): ComplaintRow {
  return { ...r, registeredAt: r.registeredAt.toISOString(), verifiedAt: r.verifiedAt?.toISOString() ?? null };
}

export async function insertComplaint(
  tx: Queryable,
  c: Omit<ComplaintRow, 'registeredAt' | 'outcome' | 'outcomeReason' | 'verifiedBy' | 'verifiedAt' | 'campaignId'>,
): Promise<void> {
  await tx.query(
    `INSERT INTO complaints (id, subject_kind, subject_code, policy_number, channel, branch_code, kind, received_date, source,
       summary, registered_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      c.id,
      c.subjectKind,
      c.subjectCode,
      c.policyNumber,
      c.salesChannel,
      c.branchCode,
      c.kind,
      c.receivedDate,
      c.channel,
      c.summary,
      c.registeredBy,
    ],
  );
}

/** The complaint, or null; `lock` holds its row until the transaction ends. */
export async function findComplaint(db: Queryable, id: string, lock = false): Promise<ComplaintRow | null> {
  const rows: RawComplaint[] = await db.query(
    `SELECT ${COLUMNS} FROM complaints c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? complaint(rows[0]) : null;
}

export interface ComplaintFilter {
  subjectKind?: SubjectKind;
  subjectCode?: string;
  kind?: string;
  /** PENDING: no outcome yet. */
  status?: 'PENDING' | 'VERIFIED' | 'UNFOUNDED';
  salesChannel?: string;
  branch?: string;
  receivedFrom?: string;
  receivedTo?: string;
  campaignId?: string;
}

/** Complaints in the reader's scope (the policy's branch and channel), newest received first. */
export async function listComplaints(
  db: Queryable,
  reader: Scope,
  f: ComplaintFilter,
  page: number,
  pageSize: number,
): Promise<Page<ComplaintRow>> {
  const params: unknown[] = [];
  const where = [scopeCondition(reader, params, 'c')];
  if (f.subjectKind) bind(where, params, 'c.subject_kind = ?', f.subjectKind);
  if (f.subjectCode) bind(where, params, 'c.subject_code = ?', f.subjectCode);
  if (f.kind) bind(where, params, 'c.kind = ?', f.kind);
  if (f.status === 'PENDING') where.push('c.outcome IS NULL');
  else if (f.status) bind(where, params, 'c.outcome = ?', f.status);
  if (f.salesChannel) bind(where, params, 'c.channel = ?', f.salesChannel);
  if (f.branch) bind(where, params, 'c.branch_code = ?', f.branch);
  if (f.receivedFrom) bind(where, params, 'c.received_date >= ?::date', f.receivedFrom);
  if (f.receivedTo) bind(where, params, 'c.received_date <= ?::date', f.receivedTo);
  if (f.campaignId) bind(where, params, 'c.campaign_id = ?', f.campaignId);
  const result = await paged<RawComplaint>(
    db,
    {
      columns: COLUMNS,
      from: 'complaints c',
      where,
      order: 'c.received_date DESC, c.registered_at DESC, c.id',
      params,
    },
    page,
    pageSize,
  );
  return { items: result.items.map(complaint), total: result.total };
}

/** Records the outcome once (the row must have none); the table's CHECK refuses the registrant as verifier. */
export async function recordComplaintOutcome(
  tx: Queryable,
  id: string,
  outcome: (typeof COMPLAINT_OUTCOMES)[number],
  reason: string,
  verifiedBy: string,
): Promise<boolean> {
  const result: unknown = await tx.query(
    `UPDATE complaints SET outcome = $2, outcome_reason = $3, verified_by = $4, verified_at = now()
     WHERE id = $1 AND outcome IS NULL RETURNING id`,
    [id, outcome, reason, verifiedBy],
  );
  return updatedCount(result) === 1;
}

/** The subject's verified mis-selling complaints: what the R6 window counts. */
export async function countedComplaints(tx: Queryable, kind: SubjectKind, code: string): Promise<CountedComplaint[]> {
  return tx.query(
    `SELECT id::text, to_char(received_date, 'YYYY-MM-DD') AS "receivedDate", campaign_id AS "campaignId"
     FROM complaints WHERE subject_kind = $1 AND subject_code = $2 AND outcome = 'VERIFIED' AND kind = 'mis_selling'
     ORDER BY received_date, id`,
    [kind, code],
  );
}

/** The complaints now count toward the campaign (each toward one only). */
export async function assignComplaintsToCampaign(tx: Queryable, ids: string[], campaignId: string): Promise<void> {
  await tx.query(`UPDATE complaints SET campaign_id = $2 WHERE id = ANY($1::uuid[]) AND campaign_id IS NULL`, [
    ids,
    campaignId,
  ]);
}

/**
 * The subject's campaigns with the start of their window: the campaign row's, or, before its workflow wrote the row,
 * the first complaint's; `status` is null until then (a campaign just started is running).
 */
export async function campaignsOfComplaints(
  tx: Queryable,
  kind: SubjectKind,
  code: string,
): Promise<Array<{ campaignId: string; windowStart: string; status: string | null }>> {
  return tx.query(
    `SELECT c.campaign_id AS "campaignId", to_char(COALESCE(r.window_start, min(c.received_date)), 'YYYY-MM-DD') AS "windowStart",
            r.status
     FROM complaints c LEFT JOIN recheck_campaigns r ON r.id = c.campaign_id
     WHERE c.subject_kind = $1 AND c.subject_code = $2 AND c.campaign_id IS NOT NULL
     GROUP BY c.campaign_id, r.window_start, r.status`,
    [kind, code],
  );
}

export interface AttachmentRow {
  id: string;
  complaintId: string;
  fileName: string | null;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: string;
}

const ATTACHMENT_COLUMNS = `id, complaint_id AS "complaintId", file_name AS "fileName", content_type AS "contentType",
  size_bytes::int AS "sizeBytes", sha256, storage_key AS "storageKey", uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

type RawAttachment = Omit<AttachmentRow, 'uploadedAt'> & { uploadedAt: Date };
const attachment = (r: RawAttachment): AttachmentRow => ({ ...r, uploadedAt: r.uploadedAt.toISOString() });

export async function insertAttachment(tx: Queryable, a: Omit<AttachmentRow, 'uploadedAt'>): Promise<void> {
  await tx.query(
    `INSERT INTO complaint_attachments (id, complaint_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [a.id, a.complaintId, a.fileName, a.contentType, a.sizeBytes, a.sha256, a.storageKey, a.uploadedBy],
  );
}

export async function attachmentsOf(db: Queryable, complaintIds: string[]): Promise<AttachmentRow[]> {
  if (complaintIds.length === 0) return [];
  const rows: RawAttachment[] = await db.query(
    `SELECT ${ATTACHMENT_COLUMNS} FROM complaint_attachments WHERE complaint_id = ANY($1::uuid[]) ORDER BY uploaded_at, id`,
    [complaintIds],
  );
  return rows.map(attachment);
}

export async function findAttachment(db: Queryable, complaintId: string, id: string): Promise<AttachmentRow | null> {
  const rows: RawAttachment[] = await db.query(
    `SELECT ${ATTACHMENT_COLUMNS} FROM complaint_attachments WHERE complaint_id = $1 AND id = $2`,
    [complaintId, id],
  );
  return rows[0] ? attachment(rows[0]) : null;
}
