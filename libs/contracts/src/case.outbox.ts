/**
 * Contract of the notification outbox: case events write outbox rows, and one small workflow per task queue
 * delivers them to the webhook with a retried activity, so no case step waits on the webhook.
 */
export const NOTIFICATION_OUTBOX_WORKFLOW_TYPE = 'notificationOutboxWorkflow';

/** One drain per task queue: the worker polling that queue runs it, and every event of its cases kicks it. */
export function notificationOutboxWorkflowId(taskQueue: string): string {
  return `notification-outbox-${taskQueue}`;
}

export interface NotificationOutboxActivities {
  /** POSTs a batch of pending outbox rows to the webhook; throws (and is retried) if any failed. */
  deliverPendingNotifications(): Promise<{ delivered: number; more: boolean }>;
}
