import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  loanProgressQuery,
  loanReturned,
  type LoanActivities,
  type LoanInput,
  type LoanProgress,
} from '../../../../libs/contracts/src/loan.contract';

const acts = proxyActivities<LoanActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One file taken out (doc 4): waits for its return; at the reminder time it tells the borrower and their manager
 * the due date, at the due date it tells compliance the file is overdue, and it ends when the file is returned
 * (a signal the API sends after recording the return, or a return the activities find recorded already).
 */
export async function loanWorkflow(input: LoanInput): Promise<LoanProgress> {
  const progress: LoanProgress = { loanId: input.loanId, reminded: false, escalated: false, returned: false };
  setHandler(loanProgressQuery, () => progress);
  setHandler(loanReturned, () => {
    progress.returned = true;
  });
  const returned = (): boolean => progress.returned;
  // Whether the file came back before `iso` (workflow time: deterministic on replay).
  const returnedBefore = async (iso: string): Promise<boolean> => {
    const wait = Date.parse(iso) - Date.now();
    return wait > 0 ? condition(returned, wait) : returned();
  };

  if (!(await returnedBefore(input.reminderAt))) {
    progress.reminded = true;
    if ((await acts.remindLoan({ loanId: input.loanId, seq: 1 })).returned) progress.returned = true;
  }
  if (!progress.returned && !(await returnedBefore(input.dueAt))) {
    progress.escalated = true;
    if ((await acts.escalateLoan({ loanId: input.loanId, seq: 2 })).returned) progress.returned = true;
  }
  await condition(returned);
  return progress;
}
