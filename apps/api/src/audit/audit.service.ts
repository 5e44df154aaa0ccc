import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { appendAuditEntry } from '../../../../libs/persistence/src/audit/audit-log';
import type { Principal } from '../auth/principal';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

/**
 * Appends to the audit log inside the caller's transaction, so a change and its audit record commit together.
 * Before/after are stored as SHA-256 hashes of their canonical JSON: provable, without copying customer data.
 */
@Injectable()
export class AuditService {
  async record(db: EntityManager, actor: Principal | { userId: string; role: string }, input: AuditInput): Promise<void> {
    await appendAuditEntry(db, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      beforeHash: input.before === undefined ? null : hashOf(input.before),
      afterHash: input.after === undefined ? null : hashOf(input.after),
      detail: input.detail ?? null,
    });
  }
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
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
