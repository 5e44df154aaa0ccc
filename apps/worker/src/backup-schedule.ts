import type { Client } from '@temporalio/client';
import { BACKUP_SCHEDULE_ID, BACKUP_WORKFLOW_TYPE } from '../../../libs/contracts/src/backup.contract';
import { ensureDailySchedule } from './daily-schedule';

/** The backup, every day (default 02:30 Asia/Shanghai) into BACKUP_DIR, keeping BACKUP_GENERATIONS of them. */
export function ensureBackupSchedule(client: Client, taskQueue: string, hour: number, minute: number): Promise<void> {
  return ensureDailySchedule(client, taskQueue, hour, minute, {
    scheduleId: BACKUP_SCHEDULE_ID,
    workflowType: BACKUP_WORKFLOW_TYPE,
    workflowId: 'backup-scheduled',
    args: [],
    comment: 'daily backup',
    catchupWindow: '1 day',
  });
}
