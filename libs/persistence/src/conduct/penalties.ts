import type { SubjectKind } from '../../../contracts/src/campaign.contract';
import type { PenaltyKind } from '../../../domain/src/conduct/conduct-rules';
import type { Scope } from '../../../domain/src/scope';
import { caseReadScopeCondition, scopeCondition } from '../cases/case-read-model';
import { bind, paged, updatedCount, type Page, type Queryable } from './subjects';

/**
 * R7's tables: `penalty_proposals` (one per case closed FALSE_INFO_CONFIRMED), `penalties` (channel management's
 * decisions), `agency_incidents` and `referrals` (to the compliance committee). All their SQL is here.
 */

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

// ---- penalty proposals ----

export interface ProposalRow {
  proposalId: string;
  caseId: string;
  subjectKind: SubjectKind;
  subjectCode: string;
  channel: string;
  branchCode: string;
  createdAt: string;
  penaltyId: string | null;
}

const PROPOSAL_COLUMNS = `p.id AS "proposalId", p.case_id AS "caseId", p.subject_kind AS "subjectKind", p.subject_code AS "subjectCode",
  p.channel, p.branch_code AS "branchCode", p.created_at AS "createdAt", p.penalty_id AS "penaltyId"`;
type RawProposal = Omit<ProposalRow, 'createdAt'> & { createdAt: Date };
const proposal = (r: RawProposal): ProposalRow => ({ ...r, createdAt: r.createdAt.toISOString() });

export interface ProposalFilter {
  open?: boolean;
  subjectKind?: SubjectKind;
  subjectCode?: string;
}

export async function listProposals(
  db: Queryable,
  reader: Scope,
  f: ProposalFilter,
  page: number,
  pageSize: number,
): Promise<Page<ProposalRow>> {
  const params: unknown[] = [];
  const where = [scopeCondition(reader, params, 'p')];
  if (f.open === true) where.push('p.penalty_id IS NULL');
  if (f.open === false) where.push('p.penalty_id IS NOT NULL');
  if (f.subjectKind) bind(where, params, 'p.subject_kind = ?', f.subjectKind);
  if (f.subjectCode) bind(where, params, 'p.subject_code = ?', f.subjectCode);
  const r = await paged<RawProposal>(
    db,
    { columns: PROPOSAL_COLUMNS, from: 'penalty_proposals p', where, order: 'p.created_at DESC, p.id', params },
    page,
    pageSize,
  );
  return { items: r.items.map(proposal), total: r.total };
}

export async function lockProposal(tx: Queryable, id: string): Promise<ProposalRow | null> {
  const rows: RawProposal[] = await tx.query(
    `SELECT ${PROPOSAL_COLUMNS} FROM penalty_proposals p WHERE p.id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ? proposal(rows[0]) : null;
}

export async function closeProposal(tx: Queryable, id: string, penaltyId: string): Promise<void> {
  await tx.query(`UPDATE penalty_proposals SET penalty_id = $2 WHERE id = $1 AND penalty_id IS NULL`, [id, penaltyId]);
}

// ---- penalties ----

export interface PenaltyRow {
  penaltyId: string;
  subjectKind: SubjectKind;
  subjectCode: string;
  channel: string;
  branchCode: string;
  kind: PenaltyKind;
  amount: number | null;
  assessmentPeriod: string;
  reason: string;
  caseIds: string[];
  campaignId: string | null;
  proposalId: string | null;
  decidedBy: string;
  decidedAt: string;
}

const PENALTY_COLUMNS = `x.id AS "penaltyId", x.subject_kind AS "subjectKind", x.subject_code AS "subjectCode", x.channel,
  x.branch_code AS "branchCode", x.kind, x.amount::float8 AS amount, x.assessment_period AS "assessmentPeriod", x.reason,
  x.case_ids AS "caseIds", x.campaign_id AS "campaignId",
  (SELECT p.id FROM penalty_proposals p WHERE p.penalty_id = x.id LIMIT 1) AS "proposalId",
  x.decided_by AS "decidedBy", x.decided_at AS "decidedAt"`;
type RawPenalty = Omit<PenaltyRow, 'decidedAt'> & { decidedAt: Date };
const penalty = (r: RawPenalty): PenaltyRow => ({ ...r, decidedAt: r.decidedAt.toISOString() });

export async function insertPenalty(
  tx: Queryable,
  p: Omit<PenaltyRow, 'decidedAt' | 'proposalId'>,
): Promise<PenaltyRow> {
  await tx.query(
    `INSERT INTO penalties (id, subject_kind, subject_code, channel, branch_code, kind, amount, assessment_period, reason,
       case_ids, campaign_id, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12)`,
    [
      p.penaltyId,
      p.subjectKind,
      p.subjectCode,
      p.channel,
      p.branchCode,
      p.kind,
      p.amount,
      p.assessmentPeriod,
      p.reason,
      p.caseIds,
      p.campaignId,
      p.decidedBy,
    ],
  );
  return (await findPenalty(tx, p.penaltyId))!;
}

export async function findPenalty(db: Queryable, id: string): Promise<PenaltyRow | null> {
  const rows: RawPenalty[] = await db.query(`SELECT ${PENALTY_COLUMNS} FROM penalties x WHERE x.id = $1`, [id]);
  return rows[0] ? penalty(rows[0]) : null;
}

export interface PenaltyFilter {
  subjectKind?: SubjectKind;
  subjectCode?: string;
  kind?: string;
  assessmentPeriod?: string;
}

export async function listPenalties(
  db: Queryable,
  reader: Scope,
  f: PenaltyFilter,
  page: number,
  pageSize: number,
): Promise<Page<PenaltyRow>> {
  const params: unknown[] = [];
  const where = [scopeCondition(reader, params, 'x')];
  if (f.subjectKind) bind(where, params, 'x.subject_kind = ?', f.subjectKind);
  if (f.subjectCode) bind(where, params, 'x.subject_code = ?', f.subjectCode);
  if (f.kind) bind(where, params, 'x.kind = ?', f.kind);
  if (f.assessmentPeriod) bind(where, params, 'x.assessment_period = ?', f.assessmentPeriod);
  const r = await paged<RawPenalty>(
    db,
    { columns: PENALTY_COLUMNS, from: 'penalties x', where, order: 'x.decided_at DESC, x.id', params },
    page,
    pageSize,
  );
  return { items: r.items.map(penalty), total: r.total };
}

// ---- agency incidents ----

export const INCIDENT_KINDS = ['refused_true_data', 'provided_false_data'] as const;

export interface IncidentRow {
  incidentId: string;
  agencyCode: string;
  channel: string;
  branchCode: string;
  kind: (typeof INCIDENT_KINDS)[number];
  description: string;
  caseIds: string[];
  recordedBy: string;
  recordedAt: string;
}

const INCIDENT_COLUMNS = `i.id AS "incidentId", i.agency_code AS "agencyCode", i.channel, i.branch_code AS "branchCode", i.kind,
  i.description, i.case_ids AS "caseIds", i.recorded_by AS "recordedBy", i.recorded_at AS "recordedAt"`;
type RawIncident = Omit<IncidentRow, 'recordedAt'> & { recordedAt: Date };
const incident = (r: RawIncident): IncidentRow => ({ ...r, recordedAt: r.recordedAt.toISOString() });

export async function insertIncident(tx: Queryable, i: Omit<IncidentRow, 'recordedAt'>): Promise<IncidentRow> {
  const rows: RawIncident[] = await tx.query(
    `INSERT INTO agency_incidents (id, agency_code, channel, branch_code, kind, description, case_ids, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)
     RETURNING ${INCIDENT_COLUMNS.replace(/\bi\./g, '')}`,
    [i.incidentId, i.agencyCode, i.channel, i.branchCode, i.kind, i.description, i.caseIds, i.recordedBy],
  );
  return incident(rows[0]);
}

export async function listIncidents(
  db: Queryable,
  reader: Scope,
  f: { agencyCode?: string; kind?: string },
  page: number,
  pageSize: number,
): Promise<Page<IncidentRow>> {
  const params: unknown[] = [];
  const where = [scopeCondition(reader, params, 'i')];
  if (f.agencyCode) bind(where, params, 'i.agency_code = ?', f.agencyCode);
  if (f.kind) bind(where, params, 'i.kind = ?', f.kind);
  const r = await paged<RawIncident>(
    db,
    { columns: INCIDENT_COLUMNS, from: 'agency_incidents i', where, order: 'i.recorded_at DESC, i.id', params },
    page,
    pageSize,
  );
  return { items: r.items.map(incident), total: r.total };
}

// ---- referrals ----

export const REFERRAL_STATUSES = ['REFERRED', 'DECIDED'] as const;

export interface ReferralRow {
  referralId: string;
  subjectKind: SubjectKind;
  subjectCode: string;
  channel: string;
  branchCode: string;
  opinion: string;
  caseIds: string[];
  status: (typeof REFERRAL_STATUSES)[number];
  referredBy: string;
  referredAt: string;
  decision: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

const REFERRAL_COLUMNS = `f.id AS "referralId", f.subject_kind AS "subjectKind", f.subject_code AS "subjectCode", f.channel,
  f.branch_code AS "branchCode", f.opinion, f.case_ids AS "caseIds", f.status, f.referred_by AS "referredBy",
  f.referred_at AS "referredAt", f.decision, f.decided_by AS "decidedBy", f.decided_at AS "decidedAt"`;
type RawReferral = Omit<ReferralRow, 'referredAt' | 'decidedAt'> & { referredAt: Date; decidedAt: Date | null };
const referral = (r: RawReferral): ReferralRow => ({
  ...r,
  referredAt: r.referredAt.toISOString(),
  decidedAt: iso(r.decidedAt),
});

export async function insertReferral(
  tx: Queryable,
  r: Pick<
    ReferralRow,
    'referralId' | 'subjectKind' | 'subjectCode' | 'channel' | 'branchCode' | 'opinion' | 'caseIds' | 'referredBy'
  >,
): Promise<ReferralRow> {
  await tx.query(
    `INSERT INTO referrals (id, subject_kind, subject_code, channel, branch_code, opinion, case_ids, status, referred_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], 'REFERRED', $8)`,
    [r.referralId, r.subjectKind, r.subjectCode, r.channel, r.branchCode, r.opinion, r.caseIds, r.referredBy],
  );
  return (await findReferral(tx, r.referralId))!;
}

export async function findReferral(db: Queryable, id: string, lock = false): Promise<ReferralRow | null> {
  const rows: RawReferral[] = await db.query(
    `SELECT ${REFERRAL_COLUMNS} FROM referrals f WHERE f.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? referral(rows[0]) : null;
}

/** Records the committee's decision once; answers whether this call did. */
export async function decideReferral(tx: Queryable, id: string, decision: string, by: string): Promise<boolean> {
  const result: unknown = await tx.query(
    `UPDATE referrals SET status = 'DECIDED', decision = $2, decided_by = $3, decided_at = now()
     WHERE id = $1 AND status = 'REFERRED' RETURNING id`,
    [id, decision, by],
  );
  return updatedCount(result) === 1;
}

export async function listReferrals(
  db: Queryable,
  reader: Scope,
  f: { status?: string; subjectKind?: SubjectKind; subjectCode?: string },
  page: number,
  pageSize: number,
): Promise<Page<ReferralRow>> {
  const params: unknown[] = [];
  const where = [scopeCondition(reader, params, 'f')];
  if (f.status) bind(where, params, 'f.status = ?', f.status);
  if (f.subjectKind) bind(where, params, 'f.subject_kind = ?', f.subjectKind);
  if (f.subjectCode) bind(where, params, 'f.subject_code = ?', f.subjectCode);
  const r = await paged<RawReferral>(
    db,
    { columns: REFERRAL_COLUMNS, from: 'referrals f', where, order: 'f.referred_at DESC, f.id', params },
    page,
    pageSize,
  );
  return { items: r.items.map(referral), total: r.total };
}

// ---- the cases behind them ----

/** Of `caseIds`, those on record that the reader may read (a penalty, incident or referral names only such cases). */
export async function readableCaseIds(db: Queryable, reader: Scope, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const params: unknown[] = [caseIds];
  const rows: Array<{ case_id: string }> = await db.query(
    `SELECT c.case_id FROM cases c WHERE c.case_id = ANY($1::text[]) AND ${caseReadScopeCondition(reader, params)}`,
    params,
  );
  return new Set(rows.map((r) => r.case_id));
}

export interface SubjectCaseRow {
  caseId: string;
  rule: string;
  state: string;
  outcome: string | null;
  openedAt: string;
  closedAt: string | null;
  /** One of the case's policies was sold by the subject. */
  soldBy: boolean;
  /** The case's result names the subject as responsible for false data. */
  named: boolean;
}

/** Cases in the reader's scope that one of the subject's policies is in, or whose result names the subject. */
export async function casesOfSubject(
  db: Queryable,
  reader: Scope,
  kind: SubjectKind,
  code: string,
  limit: number,
): Promise<SubjectCaseRow[]> {
  const params: unknown[] = [code];
  const scope = caseReadScopeCondition(reader, params);
  const policyField = kind === 'seller' ? 'sellerCode' : 'agencyCode';
  const namedField = kind === 'seller' ? 'responsibleSellerCode' : 'responsibleAgencyCode';
  const rows: Array<Omit<SubjectCaseRow, 'openedAt' | 'closedAt'> & { openedAt: Date; closedAt: Date | null }> =
    await db.query(
      `SELECT * FROM (
         SELECT c.case_id AS "caseId", c.rule, c.state, c.outcome, c.opened_at AS "openedAt", c.closed_at AS "closedAt",
                EXISTS (SELECT 1 FROM jsonb_array_elements(c.view->'policies') p WHERE p->>'${policyField}' = $1) AS "soldBy",
                COALESCE(c.view->'submission'->>'${namedField}' = $1, false) AS named
         FROM cases c WHERE ${scope}) x
       WHERE x."soldBy" OR x.named ORDER BY x."openedAt" DESC, x."caseId" LIMIT ${Number(limit)}`,
      params,
    );
  return rows.map((r) => ({ ...r, openedAt: r.openedAt.toISOString(), closedAt: iso(r.closedAt) }));
}
