import type { Client } from '@temporalio/client';
import { AUDIT_ANCHOR_SCHEDULE_ID, AUDIT_ANCHOR_WORKFLOW_TYPE } from '../../../libs/contracts/src/audit.contract';
import { ensureDailySchedule } from './daily-schedule';

/** The audit anchor, every day (default 23:55 Asia/Shanghai): the hash chain's head written outside the database. */
export function ensureAuditAnchorSchedule(
  client: Client,
  taskQueue: string,
  hour: number,
  minute: number,
): Promise<void> {
  return ensureDailySchedule(client, taskQueue, hour, minute, {
    scheduleId: AUDIT_ANCHOR_SCHEDULE_ID,
    workflowType: AUDIT_ANCHOR_WORKFLOW_TYPE,
    workflowId: 'audit-anchor-scheduled',
    args: [],
    comment: 'audit chain anchor',
    catchupWindow: '1 day',
  });
}
