import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { notificationsPending } from '../../../../libs/contracts/src/case.definitions';
import type { NotificationOutboxActivities } from '../../../../libs/contracts/src/case.outbox';

// Retried without limit: a row waits in the outbox until the webhook takes it, and no case waits on this workflow.
const { deliverPendingNotifications } = proxyActivities<NotificationOutboxActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Drains the notification outbox of one task queue: started or woken by a signal from each case event that wrote
 * a row, it delivers until nothing is pending and a last check finds no new signal, then ends. A signal that
 * comes after it ended starts a new run (signal-with-start), so no row is left waiting for a wake-up.
 */
export async function notificationOutboxWorkflow(): Promise<void> {
  let kicked = true;
  setHandler(notificationsPending, () => {
    kicked = true;
  });
  while (kicked) {
    kicked = false;
    for (let more = true; more;) ({ more } = await deliverPendingNotifications());
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof notificationOutboxWorkflow>();
  }
}
