import type { Client } from '@temporalio/client';
import { BACKUP_SCHEDULE_ID, BACKUP_WORKFLOW_TYPE } from '../../../libs/contracts/src/backup.contract';
import { RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW_TYPE } from '../../../libs/contracts/src/retention.contract';
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

/** The destruction of records past retention, every day (default 03:30 Asia/Shanghai), after the backup. */
export function ensureRetentionSchedule(
  client: Client,
  taskQueue: string,
  hour: number,
  minute: number,
): Promise<void> {
  return ensureDailySchedule(client, taskQueue, hour, minute, {
    scheduleId: RETENTION_SCHEDULE_ID,
    workflowType: RETENTION_WORKFLOW_TYPE,
    workflowId: 'retention-scheduled',
    args: [],
    comment: 'destruction past retention',
    catchupWindow: '1 day',
  });
}
