import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import { loanNotices, type IncidentRecordKind } from '../../../../libs/domain/src/loans/loan-rules';
import { CaseReadModel } from '../../../../libs/persistence/src/cases/case-read-model';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import {
  findIncident,
  insertIncident,
  liftIncident,
  listIncidents,
  resolveIncidentRecords,
  scopeKeysCondition,
  type IncidentRecord,
  type IncidentRow,
} from '../../../../libs/persistence/src/loans/loans-repository';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { CampaignWorkflowGateway } from '../temporal/campaign-workflow.gateway';
import type {
  IncidentDto,
  IncidentPageDto,
  LiftIncidentDto,
  ListIncidentsQuery,
  ReportIncidentDto,
} from './dto/loans.dto';

const FIELDS: Array<
  [
    'policyNumbers' | 'caseIds' | 'evidenceIds',
    IncidentRecordKind,
    'POLICY_NOT_FOUND' | 'CASE_NOT_FOUND' | 'EVIDENCE_NOT_FOUND',
  ]
> = [
  ['policyNumbers', 'policy', 'POLICY_NOT_FOUND'],
  ['caseIds', 'case', 'CASE_NOT_FOUND'],
  ['evidenceIds', 'evidence', 'EVIDENCE_NOT_FOUND'],
];

/**
 * Suspected leaks (doc 4, R8 "reported at once"): anyone reports one naming the records involved; compliance of the
 * records' scopes is told in the same transaction (and through the outbox), and the records' exports stay frozen
 * until compliance lifts the incident with a reason.
 */
@Injectable()
export class IncidentsService {
  private readonly logger = new Logger(IncidentsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly readModel: CaseReadModel,
    private readonly outbox: CampaignWorkflowGateway,
    private readonly env: VerityEnv,
  ) {}

  async report(principal: Principal, dto: ReportIncidentDto): Promise<IncidentDto> {
    const names = {
      policyNumbers: dto.policyNumbers ?? [],
      caseIds: dto.caseIds ?? [],
      evidenceIds: dto.evidenceIds ?? [],
    };
    if (names.policyNumbers.length + names.caseIds.length + names.evidenceIds.length === 0)
      throw new DomainError(
        'FIELD_INVALID',
        'name the records involved: policyNumbers, caseIds or evidenceIds',
        'policyNumbers',
      );
    const found = await resolveIncidentRecords(this.db.manager, principal, names);
    const records: IncidentRecord[] = [];
    const scopeKeys = new Set<string>();
    for (const [field, kind, code] of FIELDS) {
      names[field].forEach((ref, i) => {
        const keys = found.get(`${kind}:${ref}`);
        if (!keys) throw new DomainError(code, `${kind} ${ref} not found`, `${field}[${i}]`);
        keys.forEach((k) => scopeKeys.add(k));
        records.push({ kind, ref });
      });
    }
    const id = randomUUID();
    const scope = [...scopeKeys].sort();
    const incident = await this.db.transaction(async (tx) => {
      await insertIncident(tx, this.cipher, {
        id,
        description: dto.description,
        reportedBy: principal.userId,
        reporterRole: principal.role,
        scopeKeys: scope,
        records,
      });
      await this.audit.record(tx, principal, {
        action: 'incident.report',
        entityType: 'incident',
        entityId: id,
        detail: { records },
      });
      await this.readModel.recordNotices(
        `incident-${id}`,
        1,
        loanNotices
          .incidentReported(id, principal.userId, records.length, scope)
          .map(([recipient, message]) => ({ recipient, kind: 'INCIDENT_REPORTED', message })),
        this.env.NOTIFY_WEBHOOK_URL ?? null,
        tx,
      );
      return (await findIncident(tx, this.cipher, id))!;
    });
    await this.kickOutbox();
    return incidentView(incident);
  }

  async list(principal: Principal, q: ListIncidentsQuery): Promise<IncidentPageDto> {
    const { page, pageSize } = q.paging();
    const { items, total } = await listIncidents(
      this.db.manager,
      this.cipher,
      principal,
      { active: q.active },
      page,
      pageSize,
    );
    await this.audit.record(this.db.manager, principal, {
      action: 'incident.list',
      entityType: 'incident',
      entityId: '*',
      detail: { active: q.active ?? null, page, count: items.length },
    });
    return { items: items.map(incidentView), total, page, pageSize };
  }

  async lift(principal: Principal, id: string, dto: LiftIncidentDto): Promise<IncidentDto> {
    const incident = await this.db.transaction(async (tx) => {
      const params: unknown[] = [id];
      const inScope: unknown[] = await tx.query(
        `SELECT 1 FROM incidents i WHERE i.id = $1 AND ${scopeKeysCondition(principal, params, 'i')} FOR UPDATE`,
        params,
      );
      if (inScope.length === 0) throw new DomainError('INCIDENT_NOT_FOUND', `incident ${id} not found`);
      if (!(await liftIncident(tx, this.cipher, id, principal.userId, dto.reason)))
        throw new DomainError('INCIDENT_LIFTED', `incident ${id} was lifted already`);
      await this.audit.record(tx, principal, {
        action: 'incident.lift',
        entityType: 'incident',
        entityId: id,
        detail: { reason: 'given' },
      });
      return (await findIncident(tx, this.cipher, id))!;
    });
    return incidentView(incident);
  }

  /** The incident is recorded whatever happens here: a missed wake-up is made good by the next event's. */
  private async kickOutbox(): Promise<void> {
    if (!this.env.NOTIFY_WEBHOOK_URL) return;
    try {
      await this.outbox.kickOutbox();
    } catch (err) {
      this.logger.warn(`could not wake the notification outbox: ${(err as Error).message}`);
    }
  }
}

function incidentView(i: IncidentRow): IncidentDto {
  return {
    id: i.id,
    description: i.description,
    reportedBy: i.reportedBy,
    reporterRole: i.reporterRole,
    reportedAt: i.reportedAt,
    records: i.records,
    active: i.liftedAt === null,
    liftedAt: i.liftedAt,
    liftedBy: i.liftedBy,
    liftReason: i.liftReason,
  };
}
