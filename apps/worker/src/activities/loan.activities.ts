import type { DataSource } from 'typeorm';
import type { LoanActivities, LoanStepResult } from '../../../../libs/contracts/src/loan.contract';
import { loanNotices } from '../../../../libs/domain/src/loans/loan-rules';
import { CaseReadModel } from '../../../../libs/persistence/src/cases/case-read-model';
import type { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { markLoanStep, type LoanRow } from '../../../../libs/persistence/src/loans/loans-repository';

/**
 * The loan workflow's writes: the reminder and the escalation, each marked on the loan and written as notifications
 * (and an outbox row when a webhook is set) in one transaction, under `loan-<id>` and its step's seq, so a retried
 * activity writes nothing twice. A loan returned meanwhile is told nothing.
 */
export class LoanActivitiesImpl implements LoanActivities {
  private readonly readModel: CaseReadModel;

  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly webhookUrl: string | null,
    private readonly kickOutbox: (() => Promise<void>) | null = null,
  ) {
    this.readModel = new CaseReadModel(db, cipher);
  }

  async remindLoan(input: { loanId: string; seq: number }): Promise<LoanStepResult> {
    return this.loanStep(input.loanId, input.seq, 'reminded', (l) => loanNotices.reminder(subject(l)), 'LOAN_DUE_SOON');
  }

  async escalateLoan(input: { loanId: string; seq: number }): Promise<LoanStepResult> {
    return this.loanStep(input.loanId, input.seq, 'escalated', (l) => loanNotices.overdue(subject(l)), 'LOAN_OVERDUE');
  }

  private async loanStep(
    loanId: string,
    seq: number,
    mark: 'reminded' | 'escalated',
    notices: (l: LoanRow) => Array<[string, string]>,
    kind: string,
  ): Promise<LoanStepResult> {
    const endpoint = this.kickOutbox ? this.webhookUrl : null;
    const written = await this.db.transaction(async (tx) => {
      const loan = await markLoanStep(tx, this.cipher, loanId, mark, new Date());
      if (!loan) return null;
      const rows = notices(loan).map(([recipient, message]) => ({ recipient, kind, message }));
      return this.readModel.recordNotices(`loan-${loanId}`, seq, rows, endpoint, tx);
    });
    if (!written) return { returned: true };
    if (written.outboxRowAdded && this.kickOutbox) await this.kickOutbox();
    return { returned: false };
  }
}

function subject(l: LoanRow) {
  return {
    loanId: l.id,
    borrowerId: l.borrowerId,
    borrowerRole: l.borrowerRole,
    objectLabel: l.objectLabel,
    dueAt: l.dueAt,
    scopeKeys: l.scopeKeys,
  };
}
