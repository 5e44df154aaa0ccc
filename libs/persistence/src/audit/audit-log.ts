import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface AuditActor {
  userId: string;
  role: string;
}

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

/**
 * The one writer of `audit_log`, for the API and the worker alike. Appends inside the caller's transaction, so a
 * change and its audit record commit together. Before/after are stored as SHA-256 hashes of their canonical JSON:
 * provable, without copying customer data.
 */
export async function appendAudit(
  db: Pick<EntityManager, 'query'>,
  actor: AuditActor,
  input: AuditInput,
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, before_hash, after_hash, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      actor.userId,
      actor.role,
      input.action,
      input.entityType,
      input.entityId,
      input.before === undefined ? null : hashOf(input.before),
      input.after === undefined ? null : hashOf(input.after),
      input.detail ? JSON.stringify(input.detail) : null,
    ],
  );
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('base64'));
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Filters of an audit search; null or absent: any. */
export interface AuditSearch {
  actorId?: string | null;
  action?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  /** ISO instants, both inclusive. */
  from?: string | null;
  to?: string | null;
}

export interface AuditEntryRow {
  id: string;
  /** Its position in the hash chain (audit_chain); null only for an entry written with the chain's trigger off. */
  seq: number | null;
  at: Date;
  actorId: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  beforeHash: string | null;
  afterHash: string | null;
  detail: Record<string, unknown> | null;
  entryHash: string | null;
}

/** A page of audit entries matching every filter given, newest first, with their chain links. */
export async function searchAuditLog(
  db: Pick<EntityManager, 'query'>,
  filter: AuditSearch,
  page: number,
  pageSize: number,
): Promise<{ items: AuditEntryRow[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  const match = (condition: (p: string) => string, value: string | null | undefined) => {
    if (!value) return;
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  match((p) => `a.actor_id = ${p}`, filter.actorId);
  match((p) => `a.action = ${p}`, filter.action);
  match((p) => `a.entity_type = ${p}`, filter.entityType);
  match((p) => `a.entity_id = ${p}`, filter.entityId);
  match((p) => `a.at >= ${p}::timestamptz`, filter.from);
  match((p) => `a.at <= ${p}::timestamptz`, filter.to);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM audit_log a ${whereSql}`, params);
  const rows: Array<Omit<AuditEntryRow, 'seq'> & { seq: string | null }> = await db.query(
    `SELECT a.id, c.seq, a.at, a.actor_id AS "actorId", a.actor_role AS "actorRole", a.action,
            a.entity_type AS "entityType", a.entity_id AS "entityId", a.before_hash AS "beforeHash",
            a.after_hash AS "afterHash", a.detail, c.entry_hash AS "entryHash"
       FROM audit_log a LEFT JOIN audit_chain c ON c.audit_id = a.id
       ${whereSql}
      ORDER BY a.id DESC LIMIT ${Number(pageSize)} OFFSET ${(Number(page) - 1) * Number(pageSize)}`,
    params,
  );
  return { items: rows.map((r) => ({ ...r, seq: r.seq === null ? null : Number(r.seq) })), total };
}
