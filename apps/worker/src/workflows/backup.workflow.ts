import { proxyActivities } from '@temporalio/workflow';
import type { BackupActivities, BackupRef } from '../../../../libs/contracts/src/backup.contract';

const acts = proxyActivities<BackupActivities>({
  // A large database takes a while; a failed attempt leaves only a partial folder, removed by the next one.
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '15 minutes',
  retry: { maximumAttempts: 3, initialInterval: '5 minutes' },
});

/** Started daily by the backup Schedule. */
export async function backupWorkflow(): Promise<BackupRef> {
  return acts.takeBackup();
}
