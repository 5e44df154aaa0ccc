import type { Client } from '@temporalio/client';
import type { DetectionWorkflowInput } from '../../../libs/contracts/src/detection.contract';
import { DETECTION_SCHEDULE_ID, DETECTION_WORKFLOW_TYPE } from '../../../libs/contracts/src/detection.contract';
import { ensureDailySchedule } from './daily-schedule';

/** The daily detection (default 01:00 Asia/Shanghai); a week of missed runs is caught up. */
export function ensureDetectionSchedule(
  client: Client,
  taskQueue: string,
  hour: number,
  minute: number,
): Promise<void> {
  const input: DetectionWorkflowInput = { trigger: 'schedule', full: false };
  return ensureDailySchedule(client, taskQueue, hour, minute, {
    scheduleId: DETECTION_SCHEDULE_ID,
    workflowType: DETECTION_WORKFLOW_TYPE,
    workflowId: 'detection-scheduled',
    args: [input],
    comment: 'daily suspicious list',
    catchupWindow: '7 days',
  });
}
