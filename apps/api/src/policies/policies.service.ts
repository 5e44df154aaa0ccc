import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import {
  IntakeProcessor,
  PolicyApplicationDto,
  loadSellerFacts,
  toApplication,
  branchToday,
} from '../../../../libs/intake/src';
import { loadAdminAreaCodes } from '../../../../libs/persistence/src/area-codes/area-code-repository';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { PolicyReader, StoredPolicy } from '../../../../libs/persistence/src/policies/policy-reader';
import { setReceiptSignedDate } from '../../../../libs/persistence/src/policies/policy-updates';
import type { UnderwritingReason } from '../../../../libs/domain/src';
import type { BeneficiaryInput } from '../../../../libs/domain/src/inquiry/beneficiaries';
import { CaseReadModel } from '../../../../libs/persistence/src/cases/case-read-model';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { CaseWorkflowGateway } from '../temporal/case-workflow.gateway';
import { scopeCovers, Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { maskPolicy, ROLES_SEEING_SENSITIVE } from './masking';

export interface IntakeAnswer {
  policyNumber: string;
  underwriting: { decision: 'ACCEPTED' | 'REJECTED'; reasons: UnderwritingReason[] };
  inScope: boolean;
}

@Injectable()
export class PoliciesService {
  private readonly logger = new Logger(PoliciesService.name);
  private readonly processor: IntakeProcessor;
  private readonly reader: PolicyReader;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly cases: CaseWorkflowGateway,
    private readonly caseReadModel: CaseReadModel,
    cipher: FieldCipher,
    env: VerityEnv,
  ) {
    this.processor = new IntakeProcessor(cipher, env.DEFAULT_COOLING_OFF_DAYS);
    this.reader = new PolicyReader(cipher);
  }

  /** R1–R3 at entry: the application is stored whatever the decision, and the decision returned. */
  async create(principal: Principal, dto: PolicyApplicationDto): Promise<IntakeAnswer> {
    this.assertInScope(principal, dto.branchCode, dto.channel);
    return this.db.transaction(async (tx) => {
      const [outcome] = await this.processor.processRows(tx, [{ lineNo: 1, value: dto }], {
        source: 'api',
        scope: principal,
      });
      if (outcome.kind === 'bad') {
        throw new DomainError('POLICY_NUMBER_DUPLICATE', `policy ${dto.policyNumber} already exists`, 'policyNumber');
      }
      const stored = (await this.reader.findByNumber(tx, dto.policyNumber))!;
      await this.audit.record(tx, principal, {
        action: 'policy.create',
        entityType: 'policy',
        entityId: dto.policyNumber,
        after: stored,
        detail: { decision: stored.status, reasons: stored.reasons.map((r) => r.code) },
      });
      this.logger.log(`policy ${dto.policyNumber} entered by ${principal.userId}: ${stored.status}`);
      return answer(stored);
    });
  }

  /** Supplement of a refused application: the whole application again, underwritten again. */
  async supplement(principal: Principal, policyNumber: string, dto: PolicyApplicationDto): Promise<IntakeAnswer> {
    if (dto.policyNumber !== policyNumber) {
      throw new DomainError(
        'POLICY_NUMBER_MISMATCH',
        `the body's policyNumber ${dto.policyNumber} is not ${policyNumber}`,
        'policyNumber',
      );
    }
    this.assertInScope(principal, dto.branchCode, dto.channel);
    return this.db.transaction(async (tx) => {
      const before = await this.mustFind(tx, principal, policyNumber, true);
      if (before.status === 'ACCEPTED') {
        throw new DomainError(
          'POLICY_ALREADY_ACCEPTED',
          `policy ${policyNumber} was accepted; corrections go through a case`,
        );
      }
      const app = toApplication(dto);
      const sellers = await loadSellerFacts(tx, [app.sellerCode]);
      await loadAdminAreaCodes(tx);
      const item = this.processor.underwriteOne(app, sellers, branchToday());
      await this.processor.policyWriter.replace(tx, before.id, item);
      const after = (await this.reader.findByNumber(tx, policyNumber))!;
      await this.audit.record(tx, principal, {
        action: 'policy.supplement',
        entityType: 'policy',
        entityId: policyNumber,
        before,
        after,
        detail: { decision: after.status, reasons: after.reasons.map((r) => r.code) },
      });
      return answer(after);
    });
  }

  /**
   * The policyholder signed the delivery receipt: the cooling-off period starts. Open cases on the policy are told,
   * so their revisit and cooling-off deadlines are armed.
   */
  async receiptSigned(
    principal: Principal,
    policyNumber: string,
    date: string,
  ): Promise<{ policyNumber: string; receiptSignedDate: string; casesNotified: number }> {
    const openCases: string[] = await this.db.transaction(async (tx) => {
      const before = await this.mustFind(tx, principal, policyNumber, true);
      if (before.applicationDate > date) {
        throw new DomainError(
          'FIELD_INVALID',
          `receiptSignedDate ${date} is before the application date ${before.applicationDate}`,
          'receiptSignedDate',
        );
      }
      await setReceiptSignedDate(tx, before.id, date);
      await this.audit.record(tx, principal, {
        action: 'policy.receipt',
        entityType: 'policy',
        entityId: policyNumber,
        detail: { before: before.receiptSignedDate, after: date },
      });
      return this.caseReadModel.openCasesOfPolicy(policyNumber, tx);
    });
    for (const caseId of openCases) await this.cases.receiptSigned(caseId, policyNumber, date);
    return { policyNumber, receiptSignedDate: date, casesNotified: openCases.length };
  }

  /**
   * Names the beneficiaries anew (the whole list; empty: the legal heirs), on a refused or an accepted policy alike
   * (a change of beneficiary is an ordinary policy change). Audited with the lists before and after, by hash.
   */
  async setBeneficiaries(
    principal: Principal,
    policyNumber: string,
    list: BeneficiaryInput[],
  ): Promise<{ policyNumber: string; beneficiaries: StoredPolicy['beneficiaries'] }> {
    return this.db.transaction(async (tx) => {
      const before = await this.mustFind(tx, principal, policyNumber, true);
      await this.processor.policyWriter.replaceBeneficiaries(tx, before.id, list);
      const after = (await this.reader.findByNumber(tx, policyNumber))!;
      await this.audit.record(tx, principal, {
        action: 'policy.beneficiaries',
        entityType: 'policy',
        entityId: policyNumber,
        before: before.beneficiaries,
        after: after.beneficiaries,
        detail: { count: after.beneficiaries.length, shares: after.beneficiaries.map((b) => b.share) },
      });
      const masked = !ROLES_SEEING_SENSITIVE.includes(principal.role);
      return { policyNumber, beneficiaries: (masked ? maskPolicy(after) : after).beneficiaries };
    });
  }

  /**
   * Every read of a customer's record is audited, masked or not (R8: every access to customer files is recorded):
   * who (the actor), what (the policy, masked or whole), when (the row's time) and why (the route it came by).
   */
  async get(principal: Principal, policyNumber: string, route: string): Promise<StoredPolicy> {
    return this.db.transaction(async (tx) => {
      const policy = await this.mustFind(tx, principal, policyNumber, false);
      await this.access.assertMayRead(tx, principal, 'policy', policyNumber);
      const masked = !ROLES_SEEING_SENSITIVE.includes(principal.role);
      await this.audit.record(tx, principal, {
        action: 'policy.read',
        entityType: 'policy',
        entityId: policyNumber,
        detail: { route, masked },
      });
      return masked ? maskPolicy(policy) : policy;
    });
  }

  private async mustFind(
    tx: EntityManager,
    principal: Principal,
    policyNumber: string,
    forUpdate: boolean,
  ): Promise<StoredPolicy> {
    const policy = await this.reader.findByNumber(tx, policyNumber, forUpdate);
    // Out-of-scope policies answer 404 like missing ones, so scope does not leak which numbers exist.
    if (!policy || !scopeCovers(principal, policy.branchCode, policy.channel)) {
      throw new DomainError('POLICY_NOT_FOUND', `policy ${policyNumber} not found`);
    }
    return policy;
  }

  private assertInScope(principal: Principal, branchCode: string, channel: string): void {
    if (!scopeCovers(principal, branchCode, channel)) {
      throw new DomainError(
        'OUT_OF_SCOPE',
        `branch ${branchCode} / channel ${channel} is outside your scope`,
        'branchCode',
      );
    }
  }
}

function answer(p: StoredPolicy): IntakeAnswer {
  return { policyNumber: p.policyNumber, underwriting: { decision: p.status, reasons: p.reasons }, inScope: p.inScope };
}
