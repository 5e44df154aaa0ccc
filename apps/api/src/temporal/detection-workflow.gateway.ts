import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { VerityEnv } from '../../../../libs/config/src';
import { DETECTION_WORKFLOW_TYPE, DetectionWorkflowInput } from '../../../../libs/contracts/src/detection.contract';
import { TEMPORAL_CLIENT } from './temporal.module';

/** Starts detection runs by hand (the daily ones come from the Temporal Schedule the worker keeps). */
@Injectable()
export class DetectionWorkflowGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly env: VerityEnv,
  ) {}

  async start(runId: string, full: boolean, requestedBy: string): Promise<void> {
    const input: DetectionWorkflowInput = { runId, trigger: 'manual', full, requestedBy };
    await this.client.workflow.start(DETECTION_WORKFLOW_TYPE, {
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      workflowId: `detection-${runId}`,
      args: [input],
    });
  }
}
