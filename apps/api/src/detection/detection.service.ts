import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { DetectionRunView, FindingListRow } from '../../../../libs/contracts/src/detection.contract';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { runView } from '../../../../libs/detection/src/run-view';
import { AuditService } from '../audit/audit.service';
import { scopeCovers } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { scopeCondition } from '../cases/cases.service';
import { DomainError } from '../common/domain-error';
import { maskMiddle } from '../policies/masking';
import { DetectionWorkflowGateway } from '../temporal/detection-workflow.gateway';

export interface FindingFilter {
  rule?: string;
  channel?: string;
  branch?: string;
}

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
    await this.audit.record(this.db.manager, principal, { action: 'detection.run', entityType: 'detection_run', entityId: id, detail: { full } });
    for (let i = 0; i < 100; i++) {
      const [row] = await this.db.query(`SELECT *, business_date::text AS business_date FROM detection_runs WHERE id = $1`, [id]);
      if (row) return runView(row);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new DomainError('DETECTION_RUN_NOT_FOUND', `run ${id} was started but is not visible yet; is a worker running?`);
  }

  async list(limit = 50): Promise<DetectionRunView[]> {
    const rows = await this.db.query(`SELECT *, business_date::text AS business_date FROM detection_runs ORDER BY started_at DESC LIMIT $1`, [limit]);
    return rows.map(runView);
  }

  async get(id: string): Promise<DetectionRunView> {
    const [row] = await this.db.query(`SELECT *, business_date::text AS business_date FROM detection_runs WHERE id = $1`, [id]);
    if (!row) throw new DomainError('DETECTION_RUN_NOT_FOUND', `detection run ${id} not found`);
    return runView(row);
  }

  /** One page of a run's list, in the caller's scope, customers masked. */
  async findings(principal: Principal, runId: string, filter: FindingFilter, afterKey: string, limit: number): Promise<FindingListRow[]> {
    const params: unknown[] = [runId, afterKey, limit];
    // A finding belongs to every (branch, channel) of its policies: a cluster spanning branches or channels is seen
    // by each scope it touches, and the branch/channel filters match any of its policies, not the first one.
    const touches = [scopeCondition(principal, params, 'sp')];
    const where = ['rf.run_id = $1', 'f.finding_key > $2'];
    const add = (list: string[], sql: string, value: unknown) => {
      params.push(value);
      list.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.rule) add(where, 'f.rule = ?', filter.rule);
    if (filter.channel) add(touches, 'sp.channel = ?', filter.channel);
    if (filter.branch) add(touches, 'sp.branch_code = ?', filter.branch);
    where.push(`EXISTS (SELECT 1 FROM policies sp WHERE sp.policy_number = ANY(f.policy_numbers) AND ${touches.join(' AND ')})`);
    const rows: Array<{
      finding_key: string; rule: FindingListRow['rule']; change: 'new' | 'grown'; customer_ids: string[]; policy_numbers: string[];
      channel: string; branch_code: string; seller_code: string | null; case_id: string | null; state: string | null;
      investigation_due_at: Date | null; revisit_deadline_at: Date | null; people: Array<{ name: string | null; id_type: string; id_enc: string }> | null;
    }> = await this.db.query(
      `SELECT f.*, rf.change, c.state, c.investigation_due_at, c.revisit_deadline_at,
              (SELECT json_agg(json_build_object('name', cu.name, 'id_type', cu.id_type, 'id_enc', encode(cu.id_number_enc, 'base64')) ORDER BY cu.id)
               FROM customers cu WHERE cu.id = ANY(f.customer_ids)) AS people
       FROM run_findings rf JOIN findings f ON f.finding_key = rf.finding_key LEFT JOIN cases c ON c.case_id = f.case_id
       WHERE ${where.join(' AND ')} ORDER BY f.finding_key LIMIT $3`,
      params,
    );
    return rows.map((r) => ({
      findingKey: r.finding_key, rule: r.rule, change: r.change,
      customers: (r.people ?? []).map((p) => `${p.name ?? '?'} ${maskMiddle(this.cipher.decrypt(Buffer.from(p.id_enc, 'base64')))}`),
      policyNumbers: r.policy_numbers, channel: r.channel, branchCode: r.branch_code, sellerCode: r.seller_code,
      caseId: r.case_id, caseState: r.state,
      investigationDueAt: r.investigation_due_at?.toISOString() ?? null, revisitDeadlineAt: r.revisit_deadline_at?.toISOString() ?? null,
    }));
  }

  /** The whole list for a download, read a page at a time. */
  async *allFindings(principal: Principal, runId: string, filter: FindingFilter): AsyncGenerator<FindingListRow> {
    await this.get(runId);
    await this.audit.record(this.db.manager, principal, { action: 'detection.list.export', entityType: 'detection_run', entityId: runId, detail: { ...filter } });
    let after = '';
    for (;;) {
      const page = await this.findings(principal, runId, filter, after, PAGE_FOR_EXPORT);
      yield* page;
      if (page.length < PAGE_FOR_EXPORT) return;
      after = page[page.length - 1].findingKey;
    }
  }

  async addPayerException(principal: Principal, policyNumber: string, reason: string): Promise<{ policyNumber: string; reason: string; approvedBy: string }> {
    await this.db.transaction(async (tx) => {
      const [policy] = await tx.query(`SELECT branch_code, channel FROM policies WHERE policy_number = $1`, [policyNumber]);
      if (!policy || !scopeCovers(principal, policy.branch_code, policy.channel)) throw new DomainError('POLICY_NOT_FOUND', `policy ${policyNumber} not found`, 'policyNumber');
      await tx.query(
        `INSERT INTO payer_exceptions (policy_number, reason, approved_by) VALUES ($1, $2, $3)
         ON CONFLICT (policy_number) DO UPDATE SET reason = EXCLUDED.reason, approved_by = EXCLUDED.approved_by, approved_at = now()`,
        [policyNumber, reason, principal.userId],
      );
      // The policy counts as changed, so the next incremental run looks at it again.
      await tx.query(`UPDATE policies SET updated_at = now() WHERE policy_number = $1`, [policyNumber]);
      await this.audit.record(tx, principal, { action: 'payer_exception.approve', entityType: 'policy', entityId: policyNumber, detail: { reason } });
    });
    return { policyNumber, reason, approvedBy: principal.userId };
  }
}
