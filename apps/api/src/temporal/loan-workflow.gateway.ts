import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { VerityEnv } from '../../../../libs/config/src';
import {
  LOAN_WORKFLOW_TYPE,
  loanReturned,
  loanWorkflowId,
  type LoanInput,
} from '../../../../libs/contracts/src/loan.contract';
import { TEMPORAL_CLIENT } from './temporal.module';

/** The one place the API starts a loan's workflow and tells it the file is back. */
@Injectable()
export class LoanWorkflowGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly env: VerityEnv,
  ) {}

  async start(input: LoanInput): Promise<void> {
    await this.client.workflow.start(LOAN_WORKFLOW_TYPE, {
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      workflowId: loanWorkflowId(input.loanId),
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
    });
  }

  /** The return is recorded already; a workflow that ended (or never ran) has nothing left to stop. */
  async returned(loanId: string): Promise<void> {
    try {
      await this.client.workflow.getHandle(loanWorkflowId(loanId)).signal(loanReturned);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
}
