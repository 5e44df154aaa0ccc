import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  isGrpcDeadlineError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { durationSeconds } from '../../../../libs/config/src/duration';
import { VerityEnv } from '../../../../libs/config/src';
import type { CaseInput, CaseView } from '../../../../libs/contracts/src/case.contract';
import { caseSignals, caseUpdates, type CaseStepName } from '../../../../libs/contracts/src/case.definitions';
import { FailureType } from '../../../../libs/contracts/src/failures';
import { startCaseOnce } from '../../../../libs/temporal/src/case-start';
import { DomainError } from '../common/domain-error';
import { TEMPORAL_CLIENT } from './temporal.module';

export type CaseStep = CaseStepName;

/** The one place the API starts case workflows and sends them steps and facts. */
@Injectable()
export class CaseWorkflowGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly env: VerityEnv,
  ) {}

  /** Starts the case; a second start of the same finding is a no-op that returns the same id. */
  async open(input: CaseInput): Promise<string> {
    return (await startCaseOnce(this.client, this.env.TEMPORAL_TASK_QUEUE, input)).caseId;
  }

  /**
   * Sends a step as an Update and waits, up to CASE_STEP_WAIT, for the validated result; a refusal becomes a 409 with
   * its reason, a wait past the limit a 504 (the step may still complete: the case says so when it does).
   */
  async step<P>(caseId: string, step: CaseStep, payload: P): Promise<CaseView> {
    const waitSeconds = durationSeconds(this.env.CASE_STEP_WAIT);
    const deadline = Date.now() + waitSeconds * 1000;
    try {
      const handle = this.client.workflow.getHandle(caseId);
      return await this.client.withDeadline(deadline, () =>
        handle.executeUpdate(caseUpdates[step] as unknown as typeof caseUpdates.claim, {
          args: [payload as never],
        }),
      );
    } catch (err) {
      if (
        err instanceof WorkflowUpdateFailedError &&
        err.cause instanceof ApplicationFailure &&
        err.cause.type === FailureType.StepRefused
      ) {
        throw new DomainError('CASE_STEP_REFUSED', err.cause.message);
      }
      if (err instanceof WorkflowNotFoundError)
        throw new DomainError('CASE_CLOSED', `case ${caseId} is closed or does not exist`);
      // The end of the wait reaches us as a deadline, as the SDK's "timeout or cancelled" wrapper, or, when the
      // server answered just as the deadline passed, as some other transport failure: the outcome is unknown either way.
      if (
        isGrpcDeadlineError(err) ||
        err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
        (!(err instanceof WorkflowUpdateFailedError) && Date.now() >= deadline)
      )
        throw new DomainError(
          'CASE_STEP_PENDING',
          `case ${caseId} did not finish ${step} within ${waitSeconds} s (its worker is down or its write keeps failing); it may still finish: reload the case before sending the step again`,
        );
      throw err;
    }
  }

  async calendarChanged(caseId: string): Promise<void> {
    await this.client.workflow.getHandle(caseId).signal(caseSignals.calendarChanged);
  }

  /** The receipt of one of the case's policies was signed: that policy's cooling-off clock starts. */
  async receiptSigned(caseId: string, policyNumber: string, date: string): Promise<void> {
    await this.client.workflow.getHandle(caseId).signal(caseSignals.receiptSigned, { policyNumber, date });
  }
}
