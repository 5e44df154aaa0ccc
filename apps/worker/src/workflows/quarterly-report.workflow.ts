import {
  ApplicationFailure,
  ChildWorkflowFailure,
  executeChild,
  log,
  ParentClosePolicy,
  proxyActivities,
  TemporalFailure,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { branchToday } from '../../../../libs/domain/src/calendar/working-calendar';
import { quarterlyReportWorkflowId } from '../../../../libs/contracts/src/report.contract';
import type {
  QuarterlyReportRef,
  ReportActivities,
  ReportScheduleInput,
  ReportScheduleResult,
} from '../../../../libs/contracts/src/report.contract';

const acts = proxyActivities<ReportActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 },
});

/** The child's id is taken: @temporalio/common's error class, which the workflow package does not re-export. */
function alreadyStarted(err: unknown): boolean {
  return err instanceof TemporalFailure && err.name === 'WorkflowExecutionAlreadyStartedError';
}

/** Version 1 of one quarter's report for one branch; its id (quarter + branch) makes the schedule start it once. */
export async function quarterlyReportWorkflow(input: {
  quarter: string;
  branchCode: string;
}): Promise<QuarterlyReportRef> {
  return acts.generateQuarterlyReport(input);
}

/**
 * Run every day by the Schedule: asks whether a quarter's report is due today (from the first working day after
 * the quarter, on the calendar in the database) and which branches with data have none yet, then generates each
 * as its own child workflow. A day missed is caught up the next day; a branch done is never done again.
 */
export async function quarterlyReportScheduleWorkflow(input: ReportScheduleInput = {}): Promise<ReportScheduleResult> {
  const today = input.today ?? branchToday(new Date());
  const due = await acts.quarterlyReportsDue(today);
  const reports: QuarterlyReportRef[] = [];
  if (due.quarter === null) return { today, quarter: null, reports };
  const failed: string[] = [];
  for (const branchCode of due.branches) {
    try {
      reports.push(
        await executeChild(quarterlyReportWorkflow, {
          workflowId: quarterlyReportWorkflowId(due.quarter, branchCode),
          args: [{ quarter: due.quarter, branchCode }],
          // Once per quarter and branch, unless that attempt failed.
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          parentClosePolicy: ParentClosePolicy.ABANDON,
        }),
      );
    } catch (err) {
      if (alreadyStarted(err)) continue; // started by an earlier day's run
      if (!(err instanceof ChildWorkflowFailure)) throw err;
      log.error('quarterly report failed', { quarter: due.quarter, branchCode, error: err.message });
      failed.push(branchCode);
    }
  }
  if (failed.length > 0) {
    // The next day's run takes them up again (their workflow ids may be reused after a failure).
    throw ApplicationFailure.nonRetryable(`quarterly reports of ${due.quarter} failed for ${failed.join(', ')}`);
  }
  return { today, quarter: due.quarter, reports };
}
