import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LOAN_SCOPE_READERS, loanDueAt, loanReminderAt, loanState } from '../../../../libs/domain/src/loans/loan-rules';

import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import {
  attachmentHolding,
  evidenceHolding,
  findLoan,
  frozenRecords,
  insertLoan,
  listLoans,
  markLoanReturned,
  reportHolding,
  scopeKeysCondition,
  type LoanObjectKind,
  type LoanRow,
} from '../../../../libs/persistence/src/loans/loans-repository';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { LoanWorkflowGateway } from '../temporal/loan-workflow.gateway';
import type { ListLoansQuery, LoanDto, LoanPageDto, LoanQuery, ReturnLoanDto } from './dto/loans.dto';

/** The response header naming the loan a download was recorded as. */
export const LOAN_HEADER = 'X-Verity-Loan';

/** What is being taken out: its kind and id, in words, the records it holds, the scopes it belongs to. */
export interface TakeOut {
  kind: LoanObjectKind;
  id: string;
  label: string;
  records: string[];
  scopeKeys: string[];
  /**
   * For a file whose records are many (a list): given the test "is this record frozen?", the first frozen record
   * the file would hold, or null. Run only while some incident is in force.
   */
  scan?: (frozen: (ref: string) => boolean) => Promise<string | null>;
}

/** Every pair of the given branches and channels as 'BRANCH/channel' ('*' stays '*'). */
export function scopeKeysOf(branches: string[], channels: string[]): string[] {
  return branches.flatMap((b) => channels.map((c) => `${b}/${c}`));
}

/**
 * Files by permission (doc 4): every download of customer data is a loan, due back within 3 days, with a workflow
 * that reminds and escalates; the records a reported incident names cannot be taken out until it is lifted.
 */
@Injectable()
export class LoansService {
  private readonly logger = new Logger(LoansService.name);

  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly gateway: LoanWorkflowGateway,
  ) {}

  // ---- what a download holds ----

  evidenceHolding(caseId: string, evidenceId: string) {
    return evidenceHolding(this.db.manager, caseId, evidenceId);
  }

  attachmentHolding(complaintId: string, attachmentId: string) {
    return attachmentHolding(this.db.manager, complaintId, attachmentId);
  }

  reportHolding(reportId: string) {
    return reportHolding(this.db.manager, reportId);
  }

  /**
   * Records the loan of a file about to be sent, after refusing it (423, naming the incident) if it holds a frozen
   * record; the loan, its audit row and the start of its workflow commit together. Answers the loan id.
   */
  async takeOut(principal: Principal, what: TakeOut, q: LoanQuery): Promise<string> {
    await this.refuseIfFrozen(principal, what);
    const takenAt = new Date();
    let dueAt: Date;
    try {
      dueAt = loanDueAt(takenAt, q.loanDays);
    } catch (err) {
      throw new DomainError('FIELD_INVALID', (err as Error).message, 'loanDays');
    }
    const loanId = randomUUID();
    await this.db.transaction(async (tx) => {
      await insertLoan(tx, this.cipher, {
        id: loanId,
        borrowerId: principal.userId,
        borrowerRole: principal.role,
        objectKind: what.kind,
        objectId: what.id,
        objectLabel: what.label,
        records: what.records,
        scopeKeys: what.scopeKeys,
        purpose: q.purpose ?? null,
        takenAt: takenAt.toISOString(),
        dueAt: dueAt.toISOString(),
      });
      await this.audit.record(tx, principal, {
        action: 'loan.take',
        entityType: 'loan',
        entityId: loanId,
        detail: { objectKind: what.kind, objectId: what.id, dueAt: dueAt.toISOString() },
      });
      // Started before the commit: a loan without its reminders is never recorded. A workflow whose loan did not
      // commit finds no loan at its first step and ends.
      await this.gateway.start({
        loanId,
        dueAt: dueAt.toISOString(),
        reminderAt: loanReminderAt(takenAt, dueAt).toISOString(),
      });
    });
    return loanId;
  }

  private async refuseIfFrozen(principal: Principal, what: TakeOut): Promise<void> {
    const frozen = await frozenRecords(this.db.manager, what.scan ? undefined : what.records);
    if (frozen.size === 0) return;
    let hit = what.records.find((r) => frozen.has(r)) ?? null;
    if (!hit && what.scan) hit = await what.scan((ref) => frozen.has(ref));
    if (!hit) return;
    const incidentId = frozen.get(hit)!;
    await this.audit.record(this.db.manager, principal, {
      action: 'loan.refused',
      entityType: 'incident',
      entityId: incidentId,
      detail: { objectKind: what.kind, objectId: what.id, record: hit },
    });
    throw new DomainError(
      'EXPORT_FROZEN',
      `${what.label} holds ${hit}, whose exports are frozen by incident ${incidentId} until compliance lifts it`,
    );
  }

  // ---- loans ----

  async list(principal: Principal, q: ListLoansQuery): Promise<LoanPageDto> {
    const { page, pageSize } = q.paging();
    const now = new Date();
    const scoped = LOAN_SCOPE_READERS.includes(principal.role);
    const { items, total } = await listLoans(
      this.db.manager,
      this.cipher,
      principal,
      scoped,
      { state: q.state, borrower: q.borrower },
      now,
      page,
      pageSize,
    );
    await this.audit.record(this.db.manager, principal, {
      action: 'loan.list',
      entityType: 'loan',
      entityId: '*',
      detail: { state: q.state ?? null, borrower: q.borrower ?? null, page, count: items.length },
    });
    return { items: items.map((l) => loanView(l, now)), total, page, pageSize };
  }

  /** The borrower, or compliance in the loan's scope, records the file back; the loan's workflow ends. */
  async returnLoan(principal: Principal, id: string, dto: ReturnLoanDto): Promise<LoanDto> {
    const loan = await this.db.transaction(async (tx) => {
      const found = await findLoan(tx, this.cipher, id, true);
      if (!found || !(await this.visible(principal, found)))
        throw new DomainError('LOAN_NOT_FOUND', `loan ${id} not found`);
      if (found.borrowerId !== principal.userId && principal.role !== 'compliance')
        throw new DomainError(
          'LOAN_RETURN_REFUSED',
          `only the borrower ${found.borrowerId} or compliance may return it`,
        );
      if (!(await markLoanReturned(tx, id, principal.userId, new Date())))
        throw new DomainError('LOAN_RETURNED', `loan ${id} was returned at ${found.returnedAt}`);
      await this.audit.record(tx, principal, {
        action: 'loan.return',
        entityType: 'loan',
        entityId: id,
        detail: { objectKind: found.objectKind, objectId: found.objectId, note: dto.note ? 'given' : null },
      });
      return (await findLoan(tx, this.cipher, id))!;
    });
    try {
      await this.gateway.returned(id);
    } catch (err) {
      // The return is recorded: the workflow's next step finds it and ends.
      this.logger.warn(`could not tell loan ${id}'s workflow of the return: ${(err as Error).message}`);
    }
    return loanView(loan, new Date());
  }

  private async visible(principal: Principal, loan: LoanRow): Promise<boolean> {
    if (loan.borrowerId === principal.userId) return true;
    if (!LOAN_SCOPE_READERS.includes(principal.role)) return false;
    const params: unknown[] = [loan.id];
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM loans l WHERE l.id = $1 AND ${scopeKeysCondition(principal, params, 'l')}`,
      params,
    );
    return rows.length > 0;
  }
}

export function loanView(l: LoanRow, now: Date): LoanDto {
  return {
    id: l.id,
    borrowerId: l.borrowerId,
    borrowerRole: l.borrowerRole,
    objectKind: l.objectKind,
    objectId: l.objectId,
    objectLabel: l.objectLabel,
    purpose: l.purpose,
    takenAt: l.takenAt,
    dueAt: l.dueAt,
    state: loanState(l, now),
    remindedAt: l.remindedAt,
    escalatedAt: l.escalatedAt,
    returnedAt: l.returnedAt,
    returnedBy: l.returnedBy,
  };
}
