import type { Client } from '@temporalio/client';
import type { ReportScheduleInput } from '../../../libs/contracts/src/report.contract';
import { REPORT_SCHEDULE_ID, REPORT_SCHEDULE_WORKFLOW_TYPE } from '../../../libs/contracts/src/report.contract';
import { ensureDailySchedule } from './daily-schedule';

/**
 * The quarterly report's check, every day (default 06:00 Asia/Shanghai): a workflow decides whether a quarter's
 * report is due (the first working day after it, make-up days included) and generates the missing ones. Daily,
 * not on fixed dates, because the first working day moves with each year's holiday schedule, which an admin may
 * still correct after the schedule was made.
 */
export function ensureReportSchedule(client: Client, taskQueue: string, hour: number, minute: number): Promise<void> {
  const input: ReportScheduleInput = {};
  return ensureDailySchedule(client, taskQueue, hour, minute, {
    scheduleId: REPORT_SCHEDULE_ID,
    workflowType: REPORT_SCHEDULE_WORKFLOW_TYPE,
    workflowId: 'quarterly-report-scheduled',
    args: [input],
    comment: 'quarterly report check',
    catchupWindow: '7 days',
  });
}
