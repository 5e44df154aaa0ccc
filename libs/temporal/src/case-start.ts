import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { CASE_WORKFLOW_TYPE, type CaseInput, caseWorkflowId } from '../../contracts/src/case.contract';

/**
 * Starts the case workflow of a finding, once: the workflow id is the finding's, so a second start (a retried
 * page, a double click) is a no-op that answers the same case id. `started` tells which it was.
 */
export async function startCaseOnce(
  client: Client,
  taskQueue: string,
  input: CaseInput,
): Promise<{ caseId: string; started: boolean }> {
  const caseId = caseWorkflowId(input.findingKey);
  try {
    await client.workflow.start(CASE_WORKFLOW_TYPE, { taskQueue, workflowId: caseId, args: [input] });
    return { caseId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { caseId, started: false };
    throw err;
  }
}
