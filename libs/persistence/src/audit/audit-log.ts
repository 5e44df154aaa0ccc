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
