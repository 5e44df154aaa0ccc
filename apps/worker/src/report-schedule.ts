import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { ReportScheduleInput } from '../../../libs/contracts/src/report.contract';
import { REPORT_SCHEDULE_ID, REPORT_SCHEDULE_WORKFLOW_TYPE } from '../../../libs/contracts/src/report.contract';

const logger = new Logger('ReportSchedule');

/**
 * The quarterly report's Schedule: every day (default 06:00 Asia/Shanghai) a workflow decides whether a quarter's
 * report is due (the first working day after it, make-up days included) and generates the missing ones. Daily,
 * not on fixed dates, because the first working day moves with each year's holiday schedule, which an admin may
 * still correct after the schedule was made. Created when missing, updated when the time changed.
 */
export async function ensureReportSchedule(
  client: Client,
  taskQueue: string,
  hour: number,
  minute: number,
): Promise<void> {
  const input: ReportScheduleInput = {};
  const spec = { calendars: [{ hour, minute, comment: 'quarterly report check' }], timezone: 'Asia/Shanghai' };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: REPORT_SCHEDULE_WORKFLOW_TYPE,
    taskQueue,
    args: [input],
    workflowId: 'quarterly-report-scheduled',
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' as const };
  try {
    await client.schedule.create({ scheduleId: REPORT_SCHEDULE_ID, spec, action, policies });
    logger.log(
      `created schedule ${REPORT_SCHEDULE_ID}: daily ${hour}:${String(minute).padStart(2, '0')} Asia/Shanghai`,
    );
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(REPORT_SCHEDULE_ID).update((previous) => ({ ...previous, spec, action, policies }));
  }
}
