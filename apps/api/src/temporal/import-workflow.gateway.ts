import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { VerityEnv } from '../../../../libs/config/src';
import { IMPORT_WORKFLOW_TYPE, ImportWorkflowInput, importWorkflowId } from '../../../../libs/contracts/src';
import type { Scope } from '../../../../libs/domain/src/scope';
import { TEMPORAL_CLIENT } from './temporal.module';

/** The one place the API starts import workflows. */
@Injectable()
export class ImportWorkflowGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly env: VerityEnv,
  ) {}

  async start(importId: string, kind: ImportWorkflowInput['kind'], scope?: Scope): Promise<void> {
    const input: ImportWorkflowInput = {
      importId,
      kind,
      scope,
      batchSize: this.env.IMPORT_BATCH_SIZE,
      parallelism: this.env.IMPORT_PARALLELISM,
    };
    await this.client.workflow.start(IMPORT_WORKFLOW_TYPE, {
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      workflowId: importWorkflowId(importId),
      args: [input],
    });
  }
}
