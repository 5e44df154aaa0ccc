import type { EntityManager } from 'typeorm';
import type { IncidentRecordKind, LoanState } from '../../../domain/src/loans/loan-rules';
import { scopeCovers, type Scope } from '../../../domain/src/scope';
import { caseReadScopeCondition } from '../cases/case-read-model';
import type { FieldCipher } from '../crypto/field-cipher';

/**
 * The loans and incidents tables (doc 4): files taken out and their return, suspected leaks and the records whose
 * exports they freeze. Free text (a loan's purpose, an incident's description and lifting reason) is encrypted.
 */

type Queryable = Pick<EntityManager, 'query'>;

export type LoanObjectKind =
  'evidence' | 'complaint_attachment' | 'suspicious_list' | 'import_report' | 'quarterly_report';

export interface LoanRow {
  id: string;
  borrowerId: string;
  borrowerRole: string;
  objectKind: LoanObjectKind;
  objectId: string;
  objectLabel: string;
  records: string[];
  scopeKeys: string[];
  purpose: string | null;
  takenAt: string;
  dueAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
  returnedAt: string | null;
  returnedBy: string | null;
}

export interface IncidentRecord {
  kind: IncidentRecordKind;
  ref: string;
}

export interface IncidentRow {
  id: string;
  description: string;
  reportedBy: string;
  reporterRole: string;
  reportedAt: string;
  scopeKeys: string[];
  records: IncidentRecord[];
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: string | null;
}

/**
 * Rows whose `scope_keys` ('BRANCH/channel', '*' for every one) the reader covers: a key naming every branch or
 * channel is covered only by a reader who sees them all, as a role mailbox is.
 */
export function scopeKeysCondition(reader: Scope, params: unknown[], alias: string): string {
  const allBranches = reader.branches.includes('*');
  const allChannels = reader.channels.includes('*');
  if (allBranches && allChannels) return 'true';
  const parts: string[] = [];
  if (!allBranches) {
    params.push(reader.branches);
    parts.push(`split_part(k, '/', 1) = ANY($${params.length}::text[])`);
  }
  if (!allChannels) {
    params.push(reader.channels);
    parts.push(`split_part(k, '/', 2) = ANY($${params.length}::text[])`);
  }
  return `EXISTS (SELECT 1 FROM unnest(${alias}.scope_keys) k WHERE ${parts.join(' AND ')})`;
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
const open = (cipher: FieldCipher, b: Buffer | null): string | null => (b ? cipher.decrypt(b) : null);

// ---- loans ----

const LOAN_COLUMNS = `id::text, borrower_id, borrower_role, object_kind, object_id, object_label, records, scope_keys,
  purpose_enc, taken_at, due_at, reminded_at, escalated_at, returned_at, returned_by`;

interface LoanDbRow {
  id: string;
  borrower_id: string;
  borrower_role: string;
  object_kind: LoanObjectKind;
  object_id: string;
  object_label: string;
  records: string[];
  scope_keys: string[];
  purpose_enc: Buffer | null;
  taken_at: Date;
  due_at: Date;
  reminded_at: Date | null;
  escalated_at: Date | null;
  returned_at: Date | null;
  returned_by: string | null;
}

function loanOf(cipher: FieldCipher, r: LoanDbRow): LoanRow {
  return {
    id: r.id,
    borrowerId: r.borrower_id,
    borrowerRole: r.borrower_role,
    objectKind: r.object_kind,
    objectId: r.object_id,
    objectLabel: r.object_label,
    records: r.records,
    scopeKeys: r.scope_keys,
    purpose: open(cipher, r.purpose_enc),
    takenAt: r.taken_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    remindedAt: iso(r.reminded_at),
    escalatedAt: iso(r.escalated_at),
    returnedAt: iso(r.returned_at),
    returnedBy: r.returned_by,
  };
}

export async function insertLoan(
  db: Queryable,
  cipher: FieldCipher,
  loan: Omit<LoanRow, 'remindedAt' | 'escalatedAt' | 'returnedAt' | 'returnedBy'>,
): Promise<void> {
  await db.query(
    `INSERT INTO loans (id, borrower_id, borrower_role, object_kind, object_id, object_label, records, scope_keys,
       purpose_enc, taken_at, due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      loan.id,
      loan.borrowerId,
      loan.borrowerRole,
      loan.objectKind,
      loan.objectId,
      loan.objectLabel,
      loan.records,
      loan.scopeKeys,
      loan.purpose ? cipher.encrypt(loan.purpose) : null,
      loan.takenAt,
      loan.dueAt,
    ],
  );
}

export async function findLoan(db: Queryable, cipher: FieldCipher, id: string, lock = false): Promise<LoanRow | null> {
  const rows: LoanDbRow[] = await db.query(
    `SELECT ${LOAN_COLUMNS} FROM loans WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? loanOf(cipher, rows[0]) : null;
}

export interface LoanReader extends Scope {
  userId: string;
}

/** A page of loans, newest first: the reader's own and, when `scoped`, those in the reader's scope. */
export async function listLoans(
  db: Queryable,
  cipher: FieldCipher,
  reader: LoanReader,
  scoped: boolean,
  filter: { state?: LoanState; borrower?: string },
  now: Date,
  page: number,
  pageSize: number,
): Promise<{ items: LoanRow[]; total: number }> {
  const params: unknown[] = [reader.userId];
  const who = scoped ? `(l.borrower_id = $1 OR ${scopeKeysCondition(reader, params, 'l')})` : 'l.borrower_id = $1';
  const where = [who];
  if (filter.borrower) {
    params.push(filter.borrower);
    where.push(`l.borrower_id = $${params.length}`);
  }
  if (filter.state === 'returned') where.push('l.returned_at IS NOT NULL');
  else if (filter.state) {
    params.push(now);
    where.push(`l.returned_at IS NULL AND l.due_at ${filter.state === 'overdue' ? '<=' : '>'} $${params.length}`);
  }
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM loans l WHERE ${where.join(' AND ')}`, params);
  const rows: LoanDbRow[] = await db.query(
    `SELECT ${LOAN_COLUMNS} FROM loans l WHERE ${where.join(' AND ')} ORDER BY l.taken_at DESC, l.id
     LIMIT ${Number(pageSize)} OFFSET ${(Number(page) - 1) * Number(pageSize)}`,
    params,
  );
  return { items: rows.map((r) => loanOf(cipher, r)), total };
}

/** Records the return once; false when it was returned already. (A CTE: TypeORM answers a bare UPDATE with a count.) */
export async function markLoanReturned(db: Queryable, id: string, by: string, at: Date): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `WITH u AS (UPDATE loans SET returned_at = $3, returned_by = $2 WHERE id = $1 AND returned_at IS NULL RETURNING id)
     SELECT id FROM u`,
    [id, by, at],
  );
  return rows.length > 0;
}

/** Marks the reminder or the escalation done (once); null when the loan is returned (or unknown). */
export async function markLoanStep(
  db: Queryable,
  cipher: FieldCipher,
  id: string,
  step: 'reminded' | 'escalated',
  at: Date,
): Promise<LoanRow | null> {
  const column = step === 'reminded' ? 'reminded_at' : 'escalated_at';
  const rows: LoanDbRow[] = await db.query(
    `WITH u AS (UPDATE loans SET ${column} = coalesce(${column}, $2) WHERE id = $1 AND returned_at IS NULL RETURNING *)
     SELECT ${LOAN_COLUMNS} FROM u`,
    [id, at],
  );
  return rows[0] ? loanOf(cipher, rows[0]) : null;
}

// ---- what a file holds ----

/** The records an evidence file of a case holds (itself, the case, its policies) and the case's scopes. */
export async function evidenceHolding(
  db: Queryable,
  caseId: string,
  evidenceId: string,
): Promise<{ records: string[]; scopeKeys: string[] }> {
  const rows: Array<{ policy_numbers: string[]; scope_keys: string[] }> = await db.query(
    `SELECT policy_numbers, scope_keys FROM cases WHERE case_id = $1`,
    [caseId],
  );
  return {
    records: [evidenceId, caseId, ...(rows[0]?.policy_numbers ?? [])],
    scopeKeys: rows[0]?.scope_keys ?? [],
  };
}

/** The records a complaint's attachment holds (itself, the complaint's policy) and the complaint's scope. */
export async function attachmentHolding(
  db: Queryable,
  complaintId: string,
  attachmentId: string,
): Promise<{ records: string[]; scopeKeys: string[] }> {
  const rows: Array<{ policy_number: string; branch_code: string; channel: string }> = await db.query(
    `SELECT policy_number, branch_code, channel FROM complaints WHERE id = $1`,
    [complaintId],
  );
  const c = rows[0];
  return {
    records: c ? [attachmentId, c.policy_number] : [attachmentId],
    scopeKeys: c ? [`${c.branch_code}/${c.channel}`] : [],
  };
}

/** A quarterly report's stored data and branch (the caller has read it through the reports service). */
export async function reportHolding(db: Queryable, reportId: string): Promise<{ data: unknown; branchCode: string }> {
  const rows: Array<{ data: unknown; branch_code: string }> = await db.query(
    `SELECT data, branch_code FROM quarterly_reports WHERE id = $1`,
    [reportId],
  );
  return { data: rows[0]?.data ?? null, branchCode: rows[0]?.branch_code ?? '*' };
}

// ---- incidents ----

/** Which of the named records exist in the reader's scope, with each one's scope keys. */
export async function resolveIncidentRecords(
  db: Queryable,
  reader: Scope,
  names: { policyNumbers: string[]; caseIds: string[]; evidenceIds: string[] },
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (names.policyNumbers.length > 0) {
    const rows: Array<{ policy_number: string; branch_code: string; channel: string }> = await db.query(
      `SELECT policy_number, branch_code, channel FROM policies WHERE policy_number = ANY($1::text[])`,
      [names.policyNumbers],
    );
    for (const r of rows)
      if (scopeCovers(reader, r.branch_code, r.channel))
        found.set(`policy:${r.policy_number}`, [`${r.branch_code}/${r.channel}`]);
  }
  if (names.caseIds.length > 0) {
    const params: unknown[] = [names.caseIds];
    const rows: Array<{ case_id: string; scope_keys: string[] }> = await db.query(
      `SELECT c.case_id, c.scope_keys FROM cases c WHERE c.case_id = ANY($1::text[]) AND ${caseReadScopeCondition(reader, params)}`,
      params,
    );
    for (const r of rows) found.set(`case:${r.case_id}`, r.scope_keys);
  }
  if (names.evidenceIds.length > 0) {
    const params: unknown[] = [names.evidenceIds];
    const rows: Array<{ id: string; scope_keys: string[] }> = await db.query(
      `SELECT e.id::text, c.scope_keys FROM evidence e JOIN cases c ON c.case_id = e.case_id
       WHERE e.id = ANY($1::uuid[]) AND ${caseReadScopeCondition(reader, params)}`,
      params,
    );
    for (const r of rows) found.set(`evidence:${r.id}`, r.scope_keys);
    // A complaint's attachments are evidence files too.
    const attachments: Array<{ id: string; branch_code: string; channel: string }> = await db.query(
      `SELECT a.id::text, k.branch_code, k.channel FROM complaint_attachments a JOIN complaints k ON k.id = a.complaint_id
       WHERE a.id = ANY($1::uuid[])`,
      [names.evidenceIds],
    );
    for (const a of attachments)
      if (scopeCovers(reader, a.branch_code, a.channel))
        found.set(`evidence:${a.id}`, [`${a.branch_code}/${a.channel}`]);
  }
  return found;
}

export async function insertIncident(
  db: Queryable,
  cipher: FieldCipher,
  incident: {
    id: string;
    description: string;
    reportedBy: string;
    reporterRole: string;
    scopeKeys: string[];
    records: IncidentRecord[];
  },
): Promise<void> {
  await db.query(
    `INSERT INTO incidents (id, description_enc, reported_by, reporter_role, scope_keys) VALUES ($1, $2, $3, $4, $5)`,
    [incident.id, cipher.encrypt(incident.description), incident.reportedBy, incident.reporterRole, incident.scopeKeys],
  );
  await db.query(
    `INSERT INTO incident_records (incident_id, kind, ref) SELECT $1, * FROM unnest($2::text[], $3::text[])
     ON CONFLICT DO NOTHING`,
    [incident.id, incident.records.map((r) => r.kind), incident.records.map((r) => r.ref)],
  );
}

interface IncidentDbRow {
  id: string;
  description_enc: Buffer;
  reported_by: string;
  reporter_role: string;
  reported_at: Date;
  scope_keys: string[];
  lifted_at: Date | null;
  lifted_by: string | null;
  lift_reason_enc: Buffer | null;
  records: IncidentRecord[];
}

const INCIDENT_COLUMNS = `i.id::text, i.description_enc, i.reported_by, i.reporter_role, i.reported_at, i.scope_keys,
  i.lifted_at, i.lifted_by, i.lift_reason_enc,
  (SELECT coalesce(json_agg(json_build_object('kind', r.kind, 'ref', r.ref) ORDER BY r.kind, r.ref), '[]')
     FROM incident_records r WHERE r.incident_id = i.id) AS records`;

function incidentOf(cipher: FieldCipher, r: IncidentDbRow): IncidentRow {
  return {
    id: r.id,
    description: cipher.decrypt(r.description_enc),
    reportedBy: r.reported_by,
    reporterRole: r.reporter_role,
    reportedAt: r.reported_at.toISOString(),
    scopeKeys: r.scope_keys,
    records: r.records,
    liftedAt: iso(r.lifted_at),
    liftedBy: r.lifted_by,
    liftReason: open(cipher, r.lift_reason_enc),
  };
}

export async function findIncident(
  db: Queryable,
  cipher: FieldCipher,
  id: string,
  lock = false,
): Promise<IncidentRow | null> {
  const rows: IncidentDbRow[] = await db.query(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? incidentOf(cipher, rows[0]) : null;
}

export async function listIncidents(
  db: Queryable,
  cipher: FieldCipher,
  reader: Scope,
  filter: { active?: boolean },
  page: number,
  pageSize: number,
): Promise<{ items: IncidentRow[]; total: number }> {
  const params: unknown[] = [];
  const where = [scopeKeysCondition(reader, params, 'i')];
  if (filter.active !== undefined) where.push(filter.active ? 'i.lifted_at IS NULL' : 'i.lifted_at IS NOT NULL');
  const [{ total }] = await db.query(
    `SELECT count(*)::int AS total FROM incidents i WHERE ${where.join(' AND ')}`,
    params,
  );
  const rows: IncidentDbRow[] = await db.query(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE ${where.join(' AND ')} ORDER BY i.reported_at DESC, i.id
     LIMIT ${Number(pageSize)} OFFSET ${(Number(page) - 1) * Number(pageSize)}`,
    params,
  );
  return { items: rows.map((r) => incidentOf(cipher, r)), total };
}

/** Lifts the incident once (its records' exports are free again unless another incident holds them). */
export async function liftIncident(
  db: Queryable,
  cipher: FieldCipher,
  id: string,
  by: string,
  reason: string,
): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `WITH u AS (UPDATE incidents SET lifted_at = now(), lifted_by = $2, lift_reason_enc = $3
       WHERE id = $1 AND lifted_at IS NULL RETURNING id) SELECT id FROM u`,
    [id, by, cipher.encrypt(reason)],
  );
  if (rows.length === 0) return false;
  await db.query(`UPDATE incident_records SET active = false WHERE incident_id = $1`, [id]);
  return true;
}

/** Every record frozen now, with the (earliest reported) incident that freezes it: `ref` → incident id. */
export async function frozenRecords(db: Queryable, refs?: string[]): Promise<Map<string, string>> {
  const rows: Array<{ ref: string; incident_id: string }> = await db.query(
    `SELECT DISTINCT ON (r.ref) r.ref, r.incident_id::text FROM incident_records r JOIN incidents i ON i.id = r.incident_id
     WHERE r.active${refs ? ' AND r.ref = ANY($1::text[])' : ''} ORDER BY r.ref, i.reported_at, i.id`,
    refs ? [refs] : [],
  );
  return new Map(rows.map((r) => [r.ref, r.incident_id]));
}
