import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openCaseView } from '../../../../libs/persistence/src/crypto/case-view-seal';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import type { CaseActor, CaseInput, CaseView, FindingRule } from '../../../../libs/contracts/src/case.contract';
import { branchToday } from '../../../../libs/domain/src/calendar/working-calendar';
import { checkCorrectedIdentity, checkCorrections } from '../../../../libs/domain/src/case/correction';
import { casePolicies } from '../../../../libs/persistence/src/cases/case-input';
import { AuditService } from '../audit/audit.service';
import { scopeCovers } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { CaseStep, CaseWorkflowGateway } from '../temporal/case-workflow.gateway';
import { ROLES_SEEING_SENSITIVE } from '../policies/masking';
import { maskCaseView } from './case-masking';
import { CorrectionDto, ListCasesQuery, OpenCaseDto, SubmitDto } from './dto/case-steps.dto';

export interface CaseDetail {
  view: CaseView;
  timeline: Array<{ seq: number; type: string; actorId: string; at: string; detail: Record<string, unknown> }>;
  evidence: Array<Record<string, unknown>>;
}

/**
 * The SQL condition limiting cases to those the caller may read: any scope ('BRANCH/channel') one of the case's
 * policies or its responsible scope touches ('*' = all). Every case query uses it; steps are then decided by the
 * workflow, which only lets the responsible scope act.
 */
export function caseReadScopeCondition(p: Principal, params: unknown[], alias = 'c'): string {
  const allBranches = p.branches.includes('*');
  const allChannels = p.channels.includes('*');
  if (allBranches && allChannels) return 'true';
  if (!allBranches && !allChannels) {
    // Every key the caller holds: the GIN index on scope_keys answers the overlap.
    params.push(p.branches.flatMap((b) => p.channels.map((c) => `${b}/${c}`)));
    return `${alias}.scope_keys && $${params.length}::text[]`;
  }
  params.push(allBranches ? p.channels : p.branches);
  const part = allBranches ? `split_part(k, '/', 2)` : `split_part(k, '/', 1)`;
  return `EXISTS (SELECT 1 FROM unnest(${alias}.scope_keys) k WHERE ${part} = ANY($${params.length}::text[]))`;
}

/**
 * The SQL condition limiting rows to the caller's branches and channels ('*' = all) by their own branch_code and
 * channel: for cases, the responsible scope, the only one that can act on them (tasks); for findings, their scope.
 */
export function scopeCondition(p: Principal, params: unknown[], alias = 'c'): string {
  const parts: string[] = [];
  if (!p.branches.includes('*')) {
    params.push(p.branches);
    parts.push(`${alias}.branch_code = ANY($${params.length}::text[])`);
  }
  if (!p.channels.includes('*')) {
    params.push(p.channels);
    parts.push(`${alias}.channel = ANY($${params.length}::text[])`);
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

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
  ) {}

  /** Opens a case on one policy by hand (a suspicion from a revisit call, say); detection opens them in bulk. */
  async open(principal: Principal, dto: OpenCaseDto): Promise<CaseView> {
    const [policy] = await casePolicies(this.db, [dto.policyNumber]);
    if (!policy || !scopeCovers(principal, policy.branchCode, policy.channel)) throw new DomainError('POLICY_NOT_FOUND', `policy ${dto.policyNumber} not found`, 'policyNumber');
    const [{ customers }]: Array<{ customers: string[] }> = await this.db.query(
      `SELECT ARRAY(SELECT DISTINCT pp.customer_id::text FROM policy_parties pp JOIN policies p ON p.id = pp.policy_id
                    WHERE p.policy_number = $1 AND pp.customer_id IS NOT NULL ORDER BY 1) AS customers`,
      [dto.policyNumber],
    );
    const input: CaseInput = {
      findingKey: `manual-${randomUUID()}`,
      rule: dto.rule as FindingRule,
      sharedValueHash: '',
      customerIds: customers,
      policies: [policy],
      raisedBy: policy.policyNumber,
    };
    const caseId = await this.workflows.open(input);
    await this.audit.record(this.db.manager, principal, { action: 'case.open', entityType: 'case', entityId: caseId, detail: { rule: dto.rule, note: dto.note ?? null } });
    return this.waitForReadModel(principal, caseId);
  }

  async list(principal: Principal, q: ListCasesQuery): Promise<{ items: CaseView[]; page: number; pageSize: number; total: number }> {
    const params: unknown[] = [];
    const where = [caseReadScopeCondition(principal, params)];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.state) add('c.state = ?', q.state);
    if (q.channel) add('c.channel = ?', q.channel);
    if (q.branch) add('c.branch_code = ?', q.branch);
    if (q.assignee) add('c.assignee_id = ?', q.assignee);
    if (q.escalated !== undefined) add('c.escalated = ?', q.escalated);
    if (q.breached !== undefined) add('c.cooling_off_breached = ?', q.breached);
    if (q.dueBefore) add('c.due_at < ?', q.dueBefore);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM cases c WHERE ${where.join(' AND ')}`, params);
    const rows: Array<{ view: CaseView }> = await this.db.query(
      `SELECT view FROM cases c WHERE ${where.join(' AND ')} ORDER BY c.due_at NULLS LAST, c.case_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return { items: rows.map((r) => maskCaseView(openCaseView(r.view, this.cipher), principal.role)), page, pageSize, total };
  }

  /** A case's detail shows its customers and what was found and corrected about them: each read is audited. */
  async get(principal: Principal, caseId: string, route: string): Promise<CaseDetail> {
    const view = await this.mustFind(principal, caseId);
    await this.audit.record(this.db.manager, principal, {
      action: 'case.read', entityType: 'case', entityId: caseId, detail: { route, masked: !ROLES_SEEING_SENSITIVE.includes(principal.role) },
    });
    const timeline = await this.db.query(
      `SELECT seq, type, actor_id AS "actorId", at, detail FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    const evidence = await this.db.query(
      `SELECT id, type, sha256, size, media_type AS "mediaType", file_name AS "fileName", uploaded_by AS "uploadedBy",
              uploaded_at AS "uploadedAt", signed_by AS "signedBy", signed_at AS "signedAt", key_id AS "keyId"
       FROM evidence WHERE case_id = $1 ORDER BY uploaded_at`,
      [caseId],
    );
    return { view: maskCaseView(view, principal.role), timeline, evidence };
  }

  /** Any step: scope checked on the read model, then the workflow's validator decides. */
  async step(principal: Principal, caseId: string, step: CaseStep, body: object): Promise<CaseView> {
    const current = await this.mustFind(principal, caseId);
    if (step === 'submit') body = await this.checkedSubmission(current, body as SubmitDto);
    const view = await this.workflows.step(caseId, step, { ...body, actor: actorOf(principal) });
    await this.audit.record(this.db.manager, principal, { action: `case.${step}`, entityType: 'case', entityId: caseId, after: view });
    return maskCaseView(view, principal.role);
  }

  /**
   * Corrections are checked as intake checks a party before the step goes to the workflow: each value on its own
   * (the workflow checks that again), then each customer's ID number against the gender and birth date it ends up
   * with. An ID-number correction without a type keeps the customer's current one. A bad one is a 400 naming it.
   */
  private async checkedSubmission(view: CaseView, dto: SubmitDto): Promise<SubmitDto> {
    if (!dto.corrections || dto.corrections.length === 0) return dto;
    const today = branchToday();
    const invalid = (message: string): DomainError =>
      new DomainError('FIELD_INVALID', message, /^corrections\[\d+\](\.\w+)?/.exec(message)?.[0] ?? 'corrections');
    const ids = [...new Set(dto.corrections.map((c) => c.customerId))].filter((id) => view.customerIds.includes(id) && /^\d{1,18}$/.test(id));
    const rows: Array<{ id: string; id_type: string; id_number_enc: Buffer; gender: string | null; birth_date: string | null }> = await this.db.query(
      `SELECT id::text, id_type, id_number_enc, gender, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM customers WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    const recorded = new Map(rows.map((r) => [r.id, r]));
    const corrections = dto.corrections.map((c) => {
      const customer = recorded.get(c.customerId);
      return c.field === 'idNumber' && c.idType === undefined && customer ? { ...c, idType: customer.id_type as CorrectionDto['idType'] } : { ...c };
    });
    const wrong = checkCorrections(corrections, [...recorded.keys()], today);
    if (wrong) throw invalid(wrong);
    for (const [customerId, r] of recorded) {
      const mine = corrections.map((correction, index) => ({ index, correction })).filter((c) => c.correction.customerId === customerId);
      const refusal = checkCorrectedIdentity(
        { idType: r.id_type, idNumber: this.cipher.decrypt(r.id_number_enc), gender: r.gender, birthDate: r.birth_date }, mine, today,
      );
      if (refusal) throw invalid(refusal);
    }
    return { ...dto, corrections };
  }

  /** What the caller must do next, soonest due first. */
  async tasks(principal: Principal): Promise<Array<{ caseId: string; task: string; state: string; dueAt: string | null }>> {
    // `me` is the caller's id; team leaders' tasks do not depend on it (PostgreSQL refuses an unused parameter).
    const byRole: Record<string, { usesMe: boolean; sql: (me: string) => string }> = {
      customer_service: { usesMe: true, sql: (me) => `(c.state = 'OPEN' OR (c.view->>'assistRequested')::boolean OR (c.state = 'INVESTIGATING' AND c.assignee_id = ${me}))` },
      team_leader: { usesMe: false, sql: () => `c.state = 'DISTRIBUTED'` },
      back_office: { usesMe: true, sql: (me) => `(c.state = 'DISTRIBUTED' OR (c.state = 'INVESTIGATING' AND c.assignee_id = ${me}))` },
      compliance: { usesMe: true, sql: (me) => `((c.state = 'PENDING_APPROVAL' AND NOT (${me} = ANY(c.investigators))) OR (c.escalated AND c.compliance_supervisor_id = ${me} AND c.state <> 'CLOSED'))` },
    };
    const rule = byRole[principal.role];
    if (!rule) return [];
    const params: unknown[] = [];
    // Only steps the caller can take: a scope that merely touches the case reads it but does not act on it.
    const scope = scopeCondition(principal, params);
    if (rule.usesMe) params.push(principal.userId);
    const condition = rule.sql(`$${params.length}::text`);
    const rows: Array<{ case_id: string; state: string; due_at: Date | null; assist: boolean; assignee_id: string | null }> = await this.db.query(
      `SELECT c.case_id, c.state, c.due_at, (c.view->>'assistRequested')::boolean AS assist, c.assignee_id FROM cases c
       WHERE ${scope} AND ${condition} ORDER BY c.due_at NULLS LAST, c.case_id LIMIT 500`,
      params,
    );
    return rows.map((r) => ({ caseId: r.case_id, state: r.state, dueAt: r.due_at?.toISOString() ?? null, task: taskName(principal.role, r, principal.userId) }));
  }

  /** Notifications addressed to the caller or to a role mailbox (role@branch/channel) within the caller's scope. */
  async notifications(principal: Principal, afterId = 0): Promise<Array<{ id: string; caseId: string; kind: string; message: string; createdAt: string; recipient: string }>> {
    const rows: Array<{ id: string; case_id: string; kind: string; message: string; created_at: Date; recipient: string }> = await this.db.query(
      `SELECT id, case_id, kind, message, created_at, recipient FROM notifications
       WHERE id > $1 AND (recipient = $2 OR recipient LIKE $3) ORDER BY id LIMIT 200`,
      [afterId, principal.userId, `${principal.role}@%`],
    );
    return rows
      .filter((r) => r.recipient === principal.userId || mailboxInScope(principal, r.recipient))
      .map((r) => ({ id: String(r.id), caseId: r.case_id, kind: r.kind, message: r.message, createdAt: r.created_at.toISOString(), recipient: r.recipient }));
  }

  async mustFind(principal: Principal, caseId: string): Promise<CaseView> {
    const params: unknown[] = [caseId];
    const rows: Array<{ view: CaseView }> = await this.db.query(`SELECT view FROM cases c WHERE c.case_id = $1 AND ${caseReadScopeCondition(principal, params)}`, params);
    if (rows.length === 0) throw new DomainError('CASE_NOT_FOUND', `case ${caseId} not found`);
    return openCaseView(rows[0].view, this.cipher);
  }

  /** The workflow writes its first event right after starting; wait briefly so the caller gets the case back. */
  private async waitForReadModel(principal: Principal, caseId: string): Promise<CaseView> {
    for (let i = 0; i < 100; i++) {
      try {
        return maskCaseView(await this.mustFind(principal, caseId), principal.role);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'CASE_NOT_FOUND') throw err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new DomainError('CASE_NOT_FOUND', `case ${caseId} was started but is not visible yet; is a worker running?`);
  }
}

function taskName(role: string, r: { state: string; assist: boolean; assignee_id: string | null }, me: string): string {
  if (r.state === 'OPEN') return 'distribute';
  if (r.state === 'DISTRIBUTED') return role === 'team_leader' ? 'assign' : 'claim';
  if (r.state === 'PENDING_APPROVAL') return 'verify';
  if (role === 'customer_service' && r.assist && r.assignee_id !== me) return 'record_assist';
  if (role === 'compliance') return 'supervise_escalation';
  return 'investigate';
}

function mailboxInScope(p: Principal, recipient: string): boolean {
  const m = /^([a-z_]+)@([^/]+)\/(.+)$/.exec(recipient);
  if (!m || m[1] !== p.role) return false;
  return scopeCovers(p, m[2], m[3]);
}
