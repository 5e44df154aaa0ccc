import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { withheldPolicies } from '../../../../libs/persistence/src/access/access-repository';
import type { DetectionRunView, FindingListRow } from '../../../../libs/contracts/src/detection.contract';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { runView } from '../../../../libs/detection/src/run-view';
import {
  findingListPage,
  FindingListFilter,
  listRuns,
  readRun,
  upsertPayerException,
} from '../../../../libs/persistence/src/detection/detection-repository';
import { policyScope, touchPolicy } from '../../../../libs/persistence/src/policies/policy-updates';
import { AuditService } from '../audit/audit.service';
import { scopeCovers } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { scopeCondition } from '../cases/cases.service';
import { DomainError } from '../common/domain-error';
import { maskMiddle } from '../policies/masking';
import { DetectionWorkflowGateway } from '../temporal/detection-workflow.gateway';
import { waitFor } from '../../../../libs/domain/src/common/wait-for';

export type FindingFilter = FindingListFilter;

const PAGE_FOR_EXPORT = 1000;

@Injectable()
export class DetectionService {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly runs: DetectionWorkflowGateway,
    private readonly audit: AuditService,
  ) {}

  async start(principal: Principal, full: boolean): Promise<DetectionRunView> {
    const id = randomUUID();
    await this.runs.start(id, full, principal.userId);
    await this.audit.record(this.db.manager, principal, {
      action: 'detection.run',
      entityType: 'detection_run',
      entityId: id,
      detail: { full },
    });
    // The workflow's first activity writes the run row; wait for it so the caller gets the run back.
    const row = await waitFor(() => readRun(this.db.manager, id));
    if (row) return runView(row);
    throw new DomainError(
      'DETECTION_RUN_NOT_FOUND',
      `run ${id} was started but is not visible yet; is a worker running?`,
    );
  }

  async list(limit = 50): Promise<DetectionRunView[]> {
    const rows = await listRuns(this.db.manager, limit);
    return rows.map(runView);
  }

  async get(id: string): Promise<DetectionRunView> {
    const row = await readRun(this.db.manager, id);
    if (!row) throw new DomainError('DETECTION_RUN_NOT_FOUND', `detection run ${id} not found`);
    return runView(row);
  }

  /** One page of a run's list, in the caller's scope, customers masked. */
  async findings(
    principal: Principal,
    runId: string,
    filter: FindingFilter,
    afterKey: string,
    limit: number,
  ): Promise<FindingListRow[]> {
    // A cluster spanning branches or channels is seen by each scope it touches (see findingListPage).
    const rows = await findingListPage(this.db.manager, runId, filter, afterKey, limit, (params, alias) =>
      scopeCondition(principal, params, alias),
    );
    // A confidential policy's customers stay out of the list unless the reader holds an access request for it (doc 4);
    // the line itself stays, so the finding is seen and the policy number says what to ask for.
    const withheld = await withheldPolicies(
      this.db.manager,
      principal.userId,
      [...new Set(rows.flatMap((r) => r.policy_numbers))],
      new Date(),
    );
    return rows.map((r) => {
      const hidden = r.policy_numbers.some((n) => withheld.has(n));
      return {
        findingKey: r.finding_key,
        rule: r.rule,
        change: r.change,
        customers: hidden
          ? []
          : (r.people ?? []).map(
              (p) => `${p.name ?? '?'} ${maskMiddle(this.cipher.decrypt(Buffer.from(p.id_enc, 'base64')))}`,
            ),
        withheld: hidden,
        policyNumbers: r.policy_numbers,
        channel: r.channel,
        branchCode: r.branch_code,
        sellerCode: r.seller_code,
        caseId: r.case_id,
        caseState: r.state,
        investigationDueAt: r.investigation_due_at?.toISOString() ?? null,
        revisitDeadlineAt: r.revisit_deadline_at?.toISOString() ?? null,
      };
    });
  }

  /** The whole list for a download, read a page at a time. */
  async *allFindings(principal: Principal, runId: string, filter: FindingFilter): AsyncGenerator<FindingListRow> {
    await this.get(runId);
    await this.audit.record(this.db.manager, principal, {
      action: 'detection.list.export',
      entityType: 'detection_run',
      entityId: runId,
      detail: { ...filter },
    });
    let after = '';
    for (;;) {
      const page = await this.findings(principal, runId, filter, after, PAGE_FOR_EXPORT);
      yield* page;
      if (page.length < PAGE_FOR_EXPORT) return;
      after = page[page.length - 1].findingKey;
    }
  }

  async addPayerException(
    principal: Principal,
    policyNumber: string,
    reason: string,
  ): Promise<{ policyNumber: string; reason: string; approvedBy: string }> {
    await this.db.transaction(async (tx) => {
      const policy = await policyScope(tx, policyNumber);
      if (!policy || !scopeCovers(principal, policy.branch_code, policy.channel))
        throw new DomainError('POLICY_NOT_FOUND', `policy ${policyNumber} not found`, 'policyNumber');
      await upsertPayerException(tx, policyNumber, reason, principal.userId);
      // The policy counts as changed, so the next incremental run looks at it again.
      await touchPolicy(tx, policyNumber);
      await this.audit.record(tx, principal, {
        action: 'payer_exception.approve',
        entityType: 'policy',
        entityId: policyNumber,
        detail: { reason },
      });
    });
    return { policyNumber, reason, approvedBy: principal.userId };
  }
}
