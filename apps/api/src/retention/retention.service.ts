import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { findAccessObject } from '../../../../libs/persistence/src/access/access-repository';
import {
  findLegalHold,
  insertLegalHold,
  liftLegalHold,
  listDestructionLog,
  listLegalHolds,
} from '../../../../libs/persistence/src/retention/retention-repository';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { scopeCovers } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import type {
  DestructionLogPageDto,
  LegalHoldDto,
  LegalHoldPageDto,
  ListDestructionLogQuery,
  ListLegalHoldsQuery,
  PlaceLegalHoldDto,
} from './dto/retention.dto';

/**
 * Retention's human side: compliance places legal holds on policies (the daily destruction skips them until lifted)
 * and compliance and auditors read the destruction log. The destruction itself is the worker's (retentionWorkflow).
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  async place(principal: Principal, dto: PlaceLegalHoldDto): Promise<LegalHoldDto> {
    return this.db.transaction(async (tx) => {
      const policy = await findAccessObject(tx, 'policy', dto.policyNumber);
      if (!policy || !scopeCovers(principal, policy.branchCode, policy.channel))
        throw new DomainError('POLICY_NOT_FOUND', `policy ${dto.policyNumber} not found`, 'policyNumber');
      const hold = await insertLegalHold(tx, this.cipher, {
        id: randomUUID(),
        policyNumber: dto.policyNumber,
        branchCode: policy.branchCode,
        channel: policy.channel,
        reason: dto.reason,
        placedBy: principal.userId,
      });
      await this.audit.record(tx, principal, {
        action: 'legal_hold.place',
        entityType: 'policy',
        entityId: dto.policyNumber,
        detail: { holdId: hold.id },
      });
      return hold;
    });
  }

  async lift(principal: Principal, id: string): Promise<LegalHoldDto> {
    return this.db.transaction(async (tx) => {
      const hold = await findLegalHold(tx, this.cipher, id, true);
      if (!hold || !scopeCovers(principal, hold.branchCode, hold.channel))
        throw new DomainError('LEGAL_HOLD_NOT_FOUND', `legal hold ${id} not found`);
      if (hold.liftedAt) throw new DomainError('LEGAL_HOLD_LIFTED', `legal hold ${id} was lifted already`);
      const lifted = await liftLegalHold(tx, this.cipher, id, principal.userId);
      await this.audit.record(tx, principal, {
        action: 'legal_hold.lift',
        entityType: 'policy',
        entityId: hold.policyNumber,
        detail: { holdId: id },
      });
      return lifted;
    });
  }

  async list(principal: Principal, q: ListLegalHoldsQuery): Promise<LegalHoldPageDto> {
    const { page, pageSize } = q.paging();
    const { items, total } = await listLegalHolds(this.db.manager, this.cipher, principal, q.active, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    await this.audit.record(this.db.manager, principal, {
      action: 'legal_hold.list',
      entityType: 'legal_hold',
      entityId: '*',
      detail: { active: q.active ?? null, page, count: items.length },
    });
    return { items, total, page, pageSize };
  }

  async destructionLog(principal: Principal, q: ListDestructionLogQuery): Promise<DestructionLogPageDto> {
    const { page, pageSize } = q.paging();
    const { items, total } = await listDestructionLog(
      this.db.manager,
      { rule: q.rule, runId: q.runId },
      { limit: pageSize, offset: (page - 1) * pageSize },
    );
    await this.audit.record(this.db.manager, principal, {
      action: 'destruction_log.read',
      entityType: 'destruction_log',
      entityId: '*',
      detail: { rule: q.rule ?? null, runId: q.runId ?? null, page, count: items.length },
    });
    return { items, total, page, pageSize };
  }
}
