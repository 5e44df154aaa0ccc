import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import {
  readAuditAnchors,
  verifyAuditChain,
  type ChainVerification,
} from '../../../../libs/persistence/src/audit/audit-chain';
import { searchAuditLog } from '../../../../libs/persistence/src/audit/audit-log';
import type { Principal } from '../auth/principal';
import { AuditService } from './audit.service';
import type { AuditPageDto, AuditRangeQuery, SearchAuditQuery } from './dto/audit.dto';

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
    const filter = {
      actorId: q.actorId ?? null,
      action: q.action ?? null,
      entityType: q.entityType ?? null,
      entityId: q.entityId ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
    };
    const { items, total } = await searchAuditLog(this.db.manager, filter, page, pageSize);
    await this.audit.record(this.db.manager, principal, {
      action: 'audit.search',
      entityType: 'audit_log',
      entityId: '*',
      detail: { ...filter, page, count: items.length },
    });
    return { items: items.map((e) => ({ ...e, at: e.at.toISOString() })), total, page, pageSize };
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
