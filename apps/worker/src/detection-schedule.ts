import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { DetectionWorkflowInput } from '../../../libs/contracts/src/detection.contract';
import { DETECTION_SCHEDULE_ID, DETECTION_WORKFLOW_TYPE } from '../../../libs/contracts/src/detection.contract';

const logger = new Logger('DetectionSchedule');

/**
 * The daily detection as a Temporal Schedule (default 01:00 Asia/Shanghai). Created when missing, updated when the
 * time changed; a week of missed runs (server down) is caught up, and runs never overlap.
 */
export async function ensureDetectionSchedule(
  client: Client,
  taskQueue: string,
  hour: number,
  minute: number,
): Promise<void> {
  const input: DetectionWorkflowInput = { trigger: 'schedule', full: false };
  const spec = { calendars: [{ hour, minute, comment: 'daily suspicious list' }], timezone: 'Asia/Shanghai' };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: DETECTION_WORKFLOW_TYPE,
    taskQueue,
    args: [input],
    workflowId: 'detection-scheduled',
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' as const };
  try {
    await client.schedule.create({ scheduleId: DETECTION_SCHEDULE_ID, spec, action, policies });
    logger.log(
      `created schedule ${DETECTION_SCHEDULE_ID}: daily ${hour}:${String(minute).padStart(2, '0')} Asia/Shanghai`,
    );
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(DETECTION_SCHEDULE_ID)
      .update((previous) => ({ ...previous, spec, action, policies }));
  }
}
