import { ApplicationFailure, log, proxyActivities, uuid4 } from '@temporalio/workflow';
import { DETECTION_RULES } from '../../../../libs/contracts/src/detection.contract';
import type {
  DetectionActivities,
  DetectionRunView,
  DetectionWorkflowInput,
} from '../../../../libs/contracts/src/detection.contract';

const acts = proxyActivities<DetectionActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 10 },
});

const CASE_PAGE = 500;

/**
 * The suspicious list (R4): every rule over the blind indexes, findings written, then one case per new finding
 * (opened from the worker, many in flight) and open cases told of customers who joined. Each step is idempotent,
 * so a run that fails part-way resumes on retry without double findings or double cases; what a run that never
 * resumes left without a case, the next run takes in (beginRun) and opens.
 */
export async function detectionWorkflow(input: DetectionWorkflowInput): Promise<DetectionRunView> {
  const runId = input.runId ?? uuid4();
  await acts.beginRun({ ...input, runId });
  try {
    for (const rule of DETECTION_RULES) await acts.detectRule(runId, rule);
    let after: string | null = null;
    do {
      const page: { lastKey: string | null } = await acts.openCases(runId, after, CASE_PAGE);
      after = page.lastKey;
    } while (after !== null);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await acts.finishRun(runId, { status: 'FAILED', error: message });
    throw ApplicationFailure.nonRetryable(`detection run ${runId} failed: ${message}`, 'DetectionFailed');
  }
  const view = await acts.finishRun(runId, { status: 'COMPLETED' });
  log.info('detection run finished', { runId, counts: view.counts, casesOpened: view.casesOpened });
  return view;
}
