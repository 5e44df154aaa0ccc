import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DestroyedCounts, RetentionActivities } from '../../../../libs/contracts/src/retention.contract';

const acts = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 5, initialInterval: '1 minute' },
});

/** Started daily by the retention Schedule: batch after batch until nothing past retention is left. */
export async function retentionWorkflow(): Promise<{ runId: string; destroyed: DestroyedCounts }> {
  const runId = workflowInfo().workflowId;
  const destroyed: DestroyedCounts = {
    policy_ended: 0,
    application_rejected: 0,
    inquiry_attempt: 0,
    import_staging: 0,
  };
  for (let first = true; ; first = false) {
    const batch = await acts.destroyExpired(runId, first);
    for (const rule of Object.keys(destroyed) as Array<keyof DestroyedCounts>) destroyed[rule] += batch.destroyed[rule];
    if (batch.done) return { runId, destroyed };
  }
}
