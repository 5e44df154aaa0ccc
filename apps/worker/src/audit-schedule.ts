import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { AUDIT_ANCHOR_SCHEDULE_ID, AUDIT_ANCHOR_WORKFLOW_TYPE } from '../../../libs/contracts/src/audit.contract';

const logger = new Logger('AuditAnchorSchedule');

/**
 * The audit anchor's Schedule: every day (default 23:55 Asia/Shanghai) the hash chain's head is written outside the
 * database. Created when missing, updated when the time changed.
 */
export async function ensureAuditAnchorSchedule(
  client: Client,
  taskQueue: string,
  hour: number,
  minute: number,
): Promise<void> {
  const spec = { calendars: [{ hour, minute, comment: 'audit chain anchor' }], timezone: 'Asia/Shanghai' };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: AUDIT_ANCHOR_WORKFLOW_TYPE,
    taskQueue,
    args: [],
    workflowId: 'audit-anchor-scheduled',
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' as const };
  try {
    await client.schedule.create({ scheduleId: AUDIT_ANCHOR_SCHEDULE_ID, spec, action, policies });
    logger.log(`created schedule ${AUDIT_ANCHOR_SCHEDULE_ID}: daily ${hour}:${String(minute).padStart(2, '0')}`);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(AUDIT_ANCHOR_SCHEDULE_ID)
      .update((previous) => ({ ...previous, spec, action, policies }));
  }
}
