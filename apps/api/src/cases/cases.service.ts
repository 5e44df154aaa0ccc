import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import type { CaseActor, CaseInput, CaseView, FindingRule } from '../../../../libs/contracts/src/case.contract';
import { casePolicies } from '../../../../libs/persistence/src/cases/case-input';
import { listEvidenceOfCase } from '../../../../libs/persistence/src/evidence/evidence-repository';
import { findSubject } from '../../../../libs/persistence/src/conduct/subjects';
import { customerIdsOfPolicy } from '../../../../libs/persistence/src/policies/policy-updates';
import {
  CaseReadModel,
  type CaseTask,
  type CaseTimelineRow,
  type NotificationRow,
} from '../../../../libs/persistence/src/cases/case-read-model';
import { AuditService } from '../audit/audit.service';
import { scopeCovers } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { CaseStep, CaseWorkflowGateway } from '../temporal/case-workflow.gateway';
import { ROLES_SEEING_SENSITIVE } from '../policies/masking';
import { maskCaseView } from './case-masking';
import { checkCorrectionsOnRecord } from './correction-check';
import { CorrectionDto, ListCasesQuery, OpenCaseDto, SubmitDto } from './dto/case-steps.dto';
import { waitFor } from '../../../../libs/domain/src/common/wait-for';

export interface CaseDetail {
  view: CaseView;
  timeline: CaseTimelineRow[];
  evidence: Array<Record<string, unknown>>;
}

// The scope conditions live with the queries that use them; re-exported for the detection queries of findings.
export { caseReadScopeCondition, scopeCondition } from '../../../../libs/persistence/src/cases/case-read-model';

export function actorOf(p: Principal): CaseActor {
  return { userId: p.userId, role: p.role, branches: p.branches, channels: p.channels };
}

@Injectable()
export class CasesService {
  constructor(
    private readonly db: DataSource,
    private readonly workflows: CaseWorkflowGateway,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly readModel: CaseReadModel,
    private readonly env: VerityEnv,
  ) {}

  /** Opens a case on one policy by hand (a suspicion from a revisit call, say); detection opens them in bulk. */
  async open(principal: Principal, dto: OpenCaseDto): Promise<CaseView> {
    const [policy] = await casePolicies(this.db, [dto.policyNumber]);
    if (!policy || !scopeCovers(principal, policy.branchCode, policy.channel))
      throw new DomainError('POLICY_NOT_FOUND', `policy ${dto.policyNumber} not found`, 'policyNumber');
    const customers = await customerIdsOfPolicy(this.db.manager, dto.policyNumber);
    const input: CaseInput = {
      findingKey: `manual-${randomUUID()}`,
      rule: dto.rule as FindingRule,
      sharedValueHash: '',
      customerIds: customers,
      policies: [policy],
      raisedBy: policy.policyNumber,
    };
    const caseId = await this.workflows.open(input);
    await this.audit.record(this.db.manager, principal, {
      action: 'case.open',
      entityType: 'case',
      entityId: caseId,
      detail: { rule: dto.rule, note: dto.note ?? null },
    });
    return this.waitForReadModel(principal, caseId);
  }

  async list(
    principal: Principal,
    q: ListCasesQuery,
  ): Promise<{ items: CaseView[]; page: number; pageSize: number; total: number; totalCapped: boolean }> {
    const { page, pageSize } = q.paging();
    const { items, total, totalCapped } = await this.readModel.list(
      principal,
      q,
      page,
      pageSize,
      this.env.CASE_LIST_COUNT_CAP,
    );
    return { items: items.map((v) => maskCaseView(v, principal.role)), page, pageSize, total, totalCapped };
  }

  /** A case's detail shows its customers and what was found and corrected about them: each read is audited. */
  async get(principal: Principal, caseId: string, route: string): Promise<CaseDetail> {
    const view = await this.mustFind(principal, caseId);
    await this.audit.record(this.db.manager, principal, {
      action: 'case.read',
      entityType: 'case',
      entityId: caseId,
      detail: { route, masked: !ROLES_SEEING_SENSITIVE.includes(principal.role) },
    });
    const timeline = await this.readModel.timeline(caseId);
    const evidence = await listEvidenceOfCase(this.db.manager, caseId);
    return { view: maskCaseView(view, principal.role), timeline, evidence };
  }

  /** Any step: scope checked on the read model, then the workflow's validator decides. */
  async step(principal: Principal, caseId: string, step: CaseStep, body: object): Promise<CaseView> {
    const current = await this.mustFind(principal, caseId);
    if (step === 'submit') body = await this.checkedSubmission(current, body as SubmitDto);
    const view = await this.workflows.step(caseId, step, { ...body, actor: actorOf(principal) });
    await this.audit.record(this.db.manager, principal, {
      action: `case.${step}`,
      entityType: 'case',
      entityId: caseId,
      after: view,
    });
    return maskCaseView(view, principal.role);
  }

  /**
   * Corrections are checked as intake checks a party before the step goes to the workflow (see
   * `checkCorrectionsOnRecord`); a FALSE_INFO_CONFIRMED result names a seller or agency that is in the directory,
   * since the penalty proposal it makes goes to that one's channel management (R7).
   */
  private async checkedSubmission(view: CaseView, dto: SubmitDto): Promise<SubmitDto> {
    if (dto.outcome === 'FALSE_INFO_CONFIRMED') {
      for (const [field, kind] of [
        ['responsibleSellerCode', 'seller'],
        ['responsibleAgencyCode', 'agency'],
      ] as const) {
        const code = dto[field]?.trim();
        if (code && !(await findSubject(this.db.manager, kind, code)))
          throw new DomainError('FIELD_INVALID', `${field}: no ${kind} ${code} in the directory`, field);
      }
    }
    if (!dto.corrections || dto.corrections.length === 0) return dto;
    const corrections = await checkCorrectionsOnRecord(this.db, this.cipher, dto.corrections, view.customerIds);
    return { ...dto, corrections: corrections as CorrectionDto[] };
  }

  /** What the caller must do next, soonest due first. */
  async tasks(principal: Principal): Promise<CaseTask[]> {
    return this.readModel.tasksFor(principal);
  }

  /** Notifications addressed to the caller or to a role mailbox (role@branch/channel) within the caller's scope. */
  async notifications(principal: Principal, afterId = 0): Promise<NotificationRow[]> {
    return this.readModel.notificationsFor(principal, afterId);
  }

  async mustFind(principal: Principal, caseId: string): Promise<CaseView> {
    const view = await this.readModel.findInScope(principal, caseId);
    if (!view) throw new DomainError('CASE_NOT_FOUND', `case ${caseId} not found`);
    return view;
  }

  /**
   * The workflow writes its first event right after starting; wait (up to 30 s, for a worker under load) so the caller
   * gets the case back.
   */
  private async waitForReadModel(principal: Principal, caseId: string): Promise<CaseView> {
    const view = await waitFor(() => this.readModel.findInScope(principal, caseId));
    if (!view)
      throw new DomainError(
        'CASE_NOT_FOUND',
        `case ${caseId} was started but is not visible yet; is a worker running?`,
      );
    return maskCaseView(view, principal.role);
  }
}
