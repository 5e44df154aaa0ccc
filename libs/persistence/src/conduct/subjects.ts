import type { EntityManager } from 'typeorm';
import type { SubjectKind } from '../../../contracts/src/campaign.contract';

/**
 * The conduct context's reads of who a complaint, campaign, penalty or referral is about: a seller or an agency of
 * the directory, and the policy a complaint concerns. Read only; the directory and policies own those tables.
 */

export type Queryable = Pick<EntityManager, 'query'>;

export interface SubjectRow {
  kind: SubjectKind;
  code: string;
  name: string;
  channel: string;
  branchCode: string;
  active: boolean;
}

const TABLE: Record<SubjectKind, string> = { seller: 'sellers', agency: 'agencies' };

export function subjectTable(kind: SubjectKind): string {
  return TABLE[kind];
}

export async function findSubject(db: Queryable, kind: SubjectKind, code: string): Promise<SubjectRow | null> {
  const rows: Array<Omit<SubjectRow, 'kind'>> = await db.query(
    `SELECT code, name, channel, branch_code AS "branchCode", active FROM ${TABLE[kind]} WHERE code = $1`,
    [code],
  );
  return rows[0] ? { kind, ...rows[0] } : null;
}

export interface ComplaintPolicy {
  policyNumber: string;
  channel: string;
  branchCode: string;
  sellerCode: string;
  agencyCode: string | null;
  status: string;
}

export async function findComplaintPolicy(db: Queryable, policyNumber: string): Promise<ComplaintPolicy | null> {
  const rows: ComplaintPolicy[] = await db.query(
    `SELECT policy_number AS "policyNumber", channel, branch_code AS "branchCode", seller_code AS "sellerCode",
            agency_code AS "agencyCode", status
     FROM policies WHERE policy_number = $1`,
    [policyNumber],
  );
  return rows[0] ?? null;
}

/**
 * Serialises every decision about one subject's complaints and campaigns until the transaction ends: two
 * verifications of the same seller at once see each other's result, so a window starts one campaign.
 */
export async function lockSubject(tx: Queryable, kind: SubjectKind, code: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`conduct/${kind}/${code}`]);
}

/** A page of a list and how many rows match. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** Runs `SELECT <columns> FROM <from> WHERE <where> ORDER BY <order>` as a page with its total. */
export async function paged<T>(
  db: Queryable,
  q: { columns: string; from: string; where: string[]; order: string; params: unknown[] },
  page: number,
  pageSize: number,
): Promise<Page<T>> {
  const where = q.where.length ? q.where.join(' AND ') : 'true';
  const [{ total }]: Array<{ total: number }> = await db.query(
    `SELECT count(*)::int AS total FROM ${q.from} WHERE ${where}`,
    q.params,
  );
  const items: T[] = await db.query(
    `SELECT ${q.columns} FROM ${q.from} WHERE ${where} ORDER BY ${q.order}
     LIMIT ${Number(pageSize)} OFFSET ${(Number(page) - 1) * Number(pageSize)}`,
    q.params,
  );
  return { items, total };
}

/** Adds `sql` with its `?` bound to the next parameter. */
export function bind(where: string[], params: unknown[], sql: string, value: unknown): void {
  params.push(value);
  where.push(sql.replace('?', `$${params.length}`));
}

/** Rows an UPDATE touched: TypeORM's pg driver answers an UPDATE with [rows, count], an INSERT with the rows. */
export function updatedCount(result: unknown): number {
  return Array.isArray(result) && result.length === 2 && typeof result[1] === 'number' ? result[1] : 0;
}
