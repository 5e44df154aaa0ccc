import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

const logger = new Logger('Schedules');

export interface DailySchedule {
  scheduleId: string;
  workflowType: string;
  /** The started workflow's id (Temporal appends the scheduled time). */
  workflowId: string;
  args: unknown[];
  /** What the run does, for the schedule's comment and the log. */
  comment: string;
  /** How far back missed runs (server down) are caught up. */
  catchupWindow: '1 day' | '7 days';
}

/**
 * One workflow a day at HH:MM Asia/Shanghai as a Temporal Schedule: created when missing, updated when the time
 * changed; runs never overlap. The detection, the quarterly report check, the audit anchor and the backup use it.
 */
export async function ensureDailySchedule(
  client: Client,
  taskQueue: string,
  hour: number,
  minute: number,
  def: DailySchedule,
): Promise<void> {
  const spec = { calendars: [{ hour, minute, comment: def.comment }], timezone: 'Asia/Shanghai' };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: def.workflowType,
    taskQueue,
    args: def.args,
    workflowId: def.workflowId,
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: def.catchupWindow };
  try {
    await client.schedule.create({ scheduleId: def.scheduleId, spec, action, policies });
    logger.log(`created schedule ${def.scheduleId}: daily ${hour}:${String(minute).padStart(2, '0')} Asia/Shanghai`);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(def.scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
  }
}
