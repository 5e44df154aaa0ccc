import { ApplicationFailure, log, ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import {
  DETECTION_WORKFLOW_TYPE,
  type DetectionWorkflowInput,
} from '../../../../libs/contracts/src/detection.contract';
import type {
  ImportActivities,
  ImportBatch,
  ImportWorkflowInput,
} from '../../../../libs/contracts/src/import.contract';
import { forEachConcurrently } from '../../../../libs/domain/src/common/concurrency';

const { planImport, finishImport } = proxyActivities<ImportActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5 },
});

// A batch is one transaction of a few thousand rows; the heartbeat lets a crashed worker's batch be
// retried elsewhere within seconds instead of waiting out the whole timeout.
const batches = proxyActivities<ImportActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20 },
});

/**
 * Bulk import of staged rows, or the backlog self-check over stored policies: planned into batches, run a few
 * at a time. Each batch is idempotent (its rows are consumed in its own transaction), so a retry after a crash
 * never writes a row twice; progress lives in the `imports` row each batch updates.
 */
export async function importWorkflow(input: ImportWorkflowInput): Promise<void> {
  const plan = await planImport(input);
  log.info('import planned', { importId: input.importId, batches: plan.length });
  const runBatch = async (batch: ImportBatch): Promise<void> => {
    if (input.kind === 'policies') await batches.processUploadBatch({ ...batch, scope: input.scope });
    else await batches.recheckStoredBatch(batch);
  };
  try {
    await forEachConcurrently(plan, input.parallelism, runBatch);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await finishImport(input.importId, { status: 'FAILED', error: message });
    throw ApplicationFailure.nonRetryable(`import ${input.importId} failed: ${message}`, 'ImportFailed');
  }
  await finishImport(input.importId, { status: 'COMPLETED' });
  if (input.kind === 'backlog') {
    // What the self-check flagged becomes RECHECK_FAILED findings and cases now, not at the next nightly run.
    const detection: DetectionWorkflowInput = {
      trigger: 'manual',
      full: false,
      requestedBy: `recheck:${input.importId}`,
    };
    await startChild(DETECTION_WORKFLOW_TYPE, {
      workflowId: `detection-after-${input.importId}`,
      args: [detection],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }
}
