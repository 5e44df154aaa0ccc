import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import {
  accessPeriod,
  ACCESS_APPROVER_ROLES,
  approvalRefusal,
  DEFAULT_ACCESS_DAYS,
  type AccessObjectKind,
} from '../../../../libs/domain/src/access/access-rules';
import {
  findAccessObject,
  findAccessRequest,
  holdsAccess,
  insertAccessRequest,
  listAccessRequests,
  recordApproval,
  recordRejection,
  setConfidentiality,
  type AccessObject,
  type AccessRequestRow,
} from '../../../../libs/persistence/src/access/access-repository';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { scopeCovers } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import type {
  AccessRequestDto,
  AccessRequestPageDto,
  ConfidentialityDto,
  CreateAccessRequestDto,
  ListAccessRequestsQuery,
  RejectAccessRequestDto,
  SetConfidentialityDto,
} from './dto/access.dto';

const LEVEL_NAME = { confidential: 'confidential (机密)', top_secret: 'top secret (绝密)' } as const;
const label = (kind: AccessObjectKind, id: string) => (kind === 'policy' ? `policy ${id}` : `evidence ${id}`);

/**
 * Files by permission (doc 4): confidentiality levels on policies and evidence, set by compliance; access requests
 * to read the confidential ones, approved by customer service (and compliance for top secret), in force for the
 * approved days; and the check the policy and evidence reads call before they answer.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  /**
   * Refuses (403 ACCESS_REQUEST_REQUIRED) a read of a confidential or top-secret record without an approved request
   * of the reader's in force; the refusal is audited on its own, since the read's transaction rolls back.
   */
  async assertMayRead(tx: EntityManager, principal: Principal, kind: AccessObjectKind, id: string): Promise<void> {
    const object = await findAccessObject(tx, kind, id);
    if (!object || object.level === 'normal') return;
    if (await holdsAccess(tx, principal.userId, kind, id, object.level, new Date())) return;
    await this.audit.record(this.db.manager, principal, {
      action: 'access.refused',
      entityType: kind,
      entityId: id,
      detail: { level: object.level },
    });
    throw new DomainError(
      'ACCESS_REQUEST_REQUIRED',
      `${label(kind, id)} is ${LEVEL_NAME[object.level]}: reading it needs an approved access request (POST /api/access-requests)`,
    );
  }

  async create(principal: Principal, dto: CreateAccessRequestDto): Promise<AccessRequestDto> {
    return this.db.transaction(async (tx) => {
      const object = await this.mustFindObject(tx, principal, dto.objectKind, dto.objectId);
      if (object.level === 'normal')
        throw new DomainError(
          'ACCESS_NOT_NEEDED',
          `${label(object.kind, object.id)} is not confidential: read it as it is`,
        );
      const id = randomUUID();
      await insertAccessRequest(tx, this.cipher, {
        id,
        object: { ...object, level: object.level },
        purpose: dto.purpose,
        reason: dto.reason,
        days: dto.days ?? DEFAULT_ACCESS_DAYS,
        requestedBy: principal.userId,
        requestedRole: principal.role,
      });
      await this.audit.record(tx, principal, {
        action: 'access_request.create',
        entityType: 'access_request',
        entityId: id,
        detail: {
          objectKind: object.kind,
          objectId: object.id,
          level: object.level,
          days: dto.days ?? DEFAULT_ACCESS_DAYS,
        },
      });
      return view((await findAccessRequest(tx, this.cipher, id))!, new Date());
    });
  }

  async list(principal: Principal, q: ListAccessRequestsQuery): Promise<AccessRequestPageDto> {
    const { page, pageSize } = q.paging();
    const approver = ACCESS_APPROVER_ROLES.includes(principal.role);
    const { items, total } = await listAccessRequests(
      this.db.manager,
      this.cipher,
      { ...principal, approver },
      { status: q.status, mine: q.mine === true },
      { limit: pageSize, offset: (page - 1) * pageSize },
    );
    await this.audit.record(this.db.manager, principal, {
      action: 'access_request.list',
      entityType: 'access_request',
      entityId: '*',
      detail: { status: q.status ?? null, mine: q.mine === true, page, count: items.length },
    });
    const now = new Date();
    return { items: items.map((r) => view(r, now)), total, page, pageSize };
  }

  async approve(principal: Principal, id: string): Promise<AccessRequestDto> {
    return this.db.transaction(async (tx) => {
      const request = await this.mustFindPending(tx, principal, id);
      const decision = approvalRefusal(request, principal.userId, principal.role);
      if ('refusal' in decision) throw new DomainError('ACCESS_REQUEST_REFUSED', decision.refusal);
      const now = new Date();
      await recordApproval(
        tx,
        id,
        decision.gives,
        principal.userId,
        now,
        decision.complete ? accessPeriod(now, request.days) : null,
      );
      await this.audit.record(tx, principal, {
        action: 'access_request.approve',
        entityType: 'access_request',
        entityId: id,
        detail: {
          gives: decision.gives,
          complete: decision.complete,
          objectKind: request.objectKind,
          objectId: request.objectId,
        },
      });
      return view((await findAccessRequest(tx, this.cipher, id))!, now);
    });
  }

  async reject(principal: Principal, id: string, dto: RejectAccessRequestDto): Promise<AccessRequestDto> {
    return this.db.transaction(async (tx) => {
      const request = await this.mustFindPending(tx, principal, id);
      if (request.requestedBy === principal.userId)
        throw new DomainError('ACCESS_REQUEST_REFUSED', 'nobody decides their own access request');
      const now = new Date();
      await recordRejection(tx, this.cipher, id, principal.userId, dto.reason, now);
      await this.audit.record(tx, principal, {
        action: 'access_request.reject',
        entityType: 'access_request',
        entityId: id,
        detail: { objectKind: request.objectKind, objectId: request.objectId },
      });
      return view((await findAccessRequest(tx, this.cipher, id))!, now);
    });
  }

  /** Compliance raises or lowers a record's level; requests already approved keep opening it only up to their level. */
  async setLevel(
    principal: Principal,
    kind: AccessObjectKind,
    id: string,
    dto: SetConfidentialityDto,
    caseId: string | null = null,
  ): Promise<ConfidentialityDto> {
    return this.db.transaction(async (tx) => {
      const object = await this.mustFindObject(tx, principal, kind, id, true);
      if (caseId !== null && object.caseId !== caseId)
        throw new DomainError('EVIDENCE_NOT_FOUND', `evidence ${id} not found on case ${caseId}`);
      await setConfidentiality(tx, kind, id, dto.level);
      await this.audit.record(tx, principal, {
        action: 'confidentiality.set',
        entityType: kind,
        entityId: id,
        detail: { from: object.level, to: dto.level, reason: dto.reason },
      });
      return { objectKind: kind, objectId: id, level: dto.level };
    });
  }

  /** A record in the caller's scope; out of scope answers 404 like a missing one. */
  private async mustFindObject(
    tx: EntityManager,
    principal: Principal,
    kind: AccessObjectKind,
    id: string,
    forUpdate = false,
  ): Promise<AccessObject> {
    const object = await findAccessObject(tx, kind, id, forUpdate);
    if (!object || !scopeCovers(principal, object.branchCode, object.channel))
      throw new DomainError(
        kind === 'policy' ? 'POLICY_NOT_FOUND' : 'EVIDENCE_NOT_FOUND',
        `${label(kind, id)} not found`,
      );
    return object;
  }

  /** A request the caller may decide: pending, on a record in their scope. */
  private async mustFindPending(tx: EntityManager, principal: Principal, id: string): Promise<AccessRequestRow> {
    const request = await findAccessRequest(tx, this.cipher, id, true);
    if (!request || !scopeCovers(principal, request.branchCode, request.channel))
      throw new DomainError('ACCESS_REQUEST_NOT_FOUND', `access request ${id} not found`);
    if (request.status !== 'pending')
      throw new DomainError('ACCESS_REQUEST_REFUSED', `access request ${id} is ${request.status} already`);
    return request;
  }
}

function view(r: AccessRequestRow, now: Date): AccessRequestDto {
  const awaiting: Array<'customer_service' | 'compliance'> = [];
  if (r.status === 'pending') {
    if (!r.serviceApprovedBy) awaiting.push('customer_service');
    if (r.level === 'top_secret' && !r.complianceApprovedBy) awaiting.push('compliance');
  }
  const inForce =
    r.status === 'approved' &&
    r.validFrom !== null &&
    r.validUntil !== null &&
    Date.parse(r.validFrom) <= now.getTime() &&
    now.getTime() < Date.parse(r.validUntil);
  return { ...r, inForce, awaiting };
}
