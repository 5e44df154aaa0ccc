import type { EntityManager } from 'typeorm';

/** The audit log (R8): append-only, written inside the caller's transaction. */

export interface AuditRow {
  actorId: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  beforeHash: string | null;
  afterHash: string | null;
  detail: Record<string, unknown> | null;
}

export async function appendAuditEntry(db: EntityManager, row: AuditRow): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, before_hash, after_hash, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [row.actorId, row.actorRole, row.action, row.entityType, row.entityId, row.beforeHash, row.afterHash, row.detail ? JSON.stringify(row.detail) : null],
  );
}
