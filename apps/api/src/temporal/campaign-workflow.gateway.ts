import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { VerityEnv } from '../../../../libs/config/src';
import {
  RECHECK_CAMPAIGN_WORKFLOW_TYPE,
  type CampaignInput,
  type CompleteRecheckStep,
  type RecheckTaskView,
} from '../../../../libs/contracts/src/campaign.contract';
import { campaignSignals, campaignUpdates } from '../../../../libs/contracts/src/campaign.definitions';
import { notificationsPending } from '../../../../libs/contracts/src/case.definitions';
import {
  NOTIFICATION_OUTBOX_WORKFLOW_TYPE,
  notificationOutboxWorkflowId,
} from '../../../../libs/contracts/src/case.outbox';
import { FailureType } from '../../../../libs/contracts/src/failures';
import { DomainError } from '../common/domain-error';
import { TEMPORAL_CLIENT } from './temporal.module';

/** The one place the API starts re-check campaigns, tells them of complaints and sends them re-checks. */
@Injectable()
export class CampaignWorkflowGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly env: VerityEnv,
  ) {}

  /**
   * Starts the campaign once: its id is its subject's and trigger's, and a campaign that ran under that id never
   * runs again (REJECT_DUPLICATE). One already running is told of the complaints instead.
   */
  async start(input: CampaignInput): Promise<void> {
    try {
      await this.client.workflow.start(RECHECK_CAMPAIGN_WORKFLOW_TYPE, {
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
        workflowId: input.campaignId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await this.join(input.campaignId, input.complaintIds);
    }
  }

  /** Complaints inside a running campaign's window: recorded with it. */
  async join(campaignId: string, complaintIds: string[]): Promise<void> {
    await this.client.workflow.getHandle(campaignId).signal(campaignSignals.complaintsAdded, { complaintIds });
  }

  /** A re-check as an Update; a refusal becomes a 409 with its reason. */
  async completeTask(campaignId: string, step: CompleteRecheckStep): Promise<RecheckTaskView> {
    try {
      return await this.client.workflow.getHandle(campaignId).executeUpdate(campaignUpdates.completeTask, {
        args: [step],
      });
    } catch (err) {
      if (
        err instanceof WorkflowUpdateFailedError &&
        err.cause instanceof ApplicationFailure &&
        err.cause.type === FailureType.StepRefused
      )
        throw new DomainError('RECHECK_TASK_REFUSED', err.cause.message);
      if (err instanceof WorkflowNotFoundError)
        throw new DomainError('CAMPAIGN_FINISHED', `campaign ${campaignId} is finished or does not exist`);
      throw err;
    }
  }

  /** Wakes the webhook delivery of notifications the API wrote (a penalty's), as case events do. */
  async kickOutbox(): Promise<void> {
    const taskQueue = this.env.TEMPORAL_TASK_QUEUE;
    await this.client.workflow.signalWithStart(NOTIFICATION_OUTBOX_WORKFLOW_TYPE, {
      workflowId: notificationOutboxWorkflowId(taskQueue),
      taskQueue,
      signal: notificationsPending,
      signalArgs: [],
    });
  }
}
