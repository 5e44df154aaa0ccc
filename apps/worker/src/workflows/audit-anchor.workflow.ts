import { proxyActivities } from '@temporalio/workflow';
import type { AuditActivities, AuditAnchorRef } from '../../../../libs/contracts/src/audit.contract';

const acts = proxyActivities<AuditActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '10 seconds' },
});

/** Started daily by the audit anchor Schedule: the chain's head, written outside the database. */
export async function auditAnchorWorkflow(): Promise<AuditAnchorRef> {
  return acts.writeAuditAnchor();
}
