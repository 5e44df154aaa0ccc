import { Module } from '@nestjs/common';
import { CaseWorkflowGateway } from './case-workflow.gateway';
import { DetectionWorkflowGateway } from './detection-workflow.gateway';
import { ImportWorkflowGateway } from './import-workflow.gateway';
import { TemporalModule } from './temporal.module';

/** The one place each workflow is started and sent steps and facts from the API. */
@Module({
  imports: [TemporalModule],
  providers: [CaseWorkflowGateway, ImportWorkflowGateway, DetectionWorkflowGateway],
  exports: [CaseWorkflowGateway, ImportWorkflowGateway, DetectionWorkflowGateway],
})
export class WorkflowGatewaysModule {}
