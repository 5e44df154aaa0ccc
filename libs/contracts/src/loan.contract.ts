import { defineQuery, defineSignal } from '@temporalio/workflow';

/** Contract of the loan workflow: one per file taken out, from the loan until it is returned. */
export const LOAN_WORKFLOW_TYPE = 'loanWorkflow';

export function loanWorkflowId(loanId: string): string {
  return `loan-${loanId}`;
}

export interface LoanInput {
  loanId: string;
  dueAt: string;
  reminderAt: string;
}

export interface LoanProgress {
  loanId: string;
  reminded: boolean;
  escalated: boolean;
  returned: boolean;
}

/** What the loan's activities answer: whether the loan is returned already (then the workflow ends). */
export interface LoanStepResult {
  returned: boolean;
}

export interface LoanActivities {
  /** Tells the borrower and their manager the due date (once: numbered by seq). */
  remindLoan(input: { loanId: string; seq: number }): Promise<LoanStepResult>;
  /** Tells compliance the loan is overdue and marks it escalated (once). */
  escalateLoan(input: { loanId: string; seq: number }): Promise<LoanStepResult>;
}

/** The API sends this when the file is returned; the workflow ends. */
export const loanReturned = defineSignal('loanReturned');
export const loanProgressQuery = defineQuery<LoanProgress>('loanProgress');
