import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import {
  readAuditAnchors,
  verifyAuditChain,
  type ChainVerification,
} from '../../../../libs/persistence/src/audit/audit-chain';
import type { Principal } from '../auth/principal';
import { AuditService } from './audit.service';
import type { AuditEntryDto, AuditPageDto, AuditRangeQuery, SearchAuditQuery } from './dto/audit.dto';

interface EntryRow {
  id: string;
  seq: string | null;
  at: Date;
  actor_id: string;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_hash: string | null;
  after_hash: string | null;
  detail: Record<string, unknown> | null;
  entry_hash: string | null;
  total: string;
}

/**
 * Reading the audit trail (R8): auditors and compliance search it and verify its chain; nobody edits it (the API has
 * no such route and the database refuses it). The trail spans every branch (its entries name records, not scopes),
 * so only a reader who sees every branch and channel may read it. Each search and verification is itself audited.
 */
@Injectable()
export class AuditTrailService {
  constructor(
    private readonly db: DataSource,
    private readonly env: VerityEnv,
    private readonly audit: AuditService,
  ) {}

  private assertWholeScope(principal: Principal): void {
    if (!principal.branches.includes('*') || !principal.channels.includes('*')) {
      throw new ForbiddenException(
        'the audit trail spans every branch: reading it needs a scope of all branches and channels',
      );
    }
  }

  async search(principal: Principal, q: SearchAuditQuery): Promise<AuditPageDto> {
    this.assertWholeScope(principal);
    const { page, pageSize } = q.paging();
    const params: unknown[] = [];
    const where: string[] = [];
    const filter = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actorId) filter('a.actor_id = ?', q.actorId);
    if (q.action) filter('a.action = ?', q.action);
    if (q.entityType) filter('a.entity_type = ?', q.entityType);
    if (q.entityId) filter('a.entity_id = ?', q.entityId);
    if (q.from) filter('a.at >= ?::timestamptz', q.from);
    if (q.to) filter('a.at <= ?::timestamptz', q.to);
    params.push(pageSize, (page - 1) * pageSize);
    const rows: EntryRow[] = await this.db.query(
      `SELECT a.id, c.seq, a.at, a.actor_id, a.actor_role, a.action, a.entity_type, a.entity_id, a.before_hash,
              a.after_hash, a.detail, c.entry_hash, count(*) OVER () AS total
         FROM audit_log a LEFT JOIN audit_chain c ON c.audit_id = a.id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && page > 1) {
      const [counted]: Array<{ n: string }> = await this.db.query(
        `SELECT count(*) AS n FROM audit_log a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        params.slice(0, -2),
      );
      total = Number(counted.n);
    }
    await this.audit.record(this.db.manager, principal, {
      action: 'audit.search',
      entityType: 'audit_log',
      entityId: '*',
      detail: {
        actorId: q.actorId ?? null,
        action: q.action ?? null,
        entityType: q.entityType ?? null,
        entityId: q.entityId ?? null,
        from: q.from ?? null,
        to: q.to ?? null,
        page,
        count: rows.length,
      },
    });
    return { items: rows.map(entryView), total, page, pageSize };
  }

  async verify(principal: Principal, q: AuditRangeQuery): Promise<ChainVerification> {
    this.assertWholeScope(principal);
    const anchors = await readAuditAnchors(this.env.AUDIT_ANCHOR_DIR);
    const result = await verifyAuditChain(this.db.manager, { from: q.from, to: q.to }, anchors);
    await this.audit.record(this.db.manager, principal, {
      action: 'audit.verify',
      entityType: 'audit_log',
      entityId: '*',
      detail: {
        from: q.from ?? null,
        to: q.to ?? null,
        ok: result.ok,
        checked: result.checked,
        firstBreak: result.firstBreak?.seq ?? null,
      },
    });
    return result;
  }
}

function entryView(r: EntryRow): AuditEntryDto {
  return {
    id: r.id,
    seq: r.seq === null ? null : Number(r.seq),
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    beforeHash: r.before_hash,
    afterHash: r.after_hash,
    detail: r.detail,
    entryHash: r.entry_hash,
  };
}
