import { Module } from '@nestjs/common';
import { CampaignWorkflowGateway } from './campaign-workflow.gateway';
import { CaseWorkflowGateway } from './case-workflow.gateway';
import { DetectionWorkflowGateway } from './detection-workflow.gateway';
import { ImportWorkflowGateway } from './import-workflow.gateway';
import { LoanWorkflowGateway } from './loan-workflow.gateway';
import { TemporalModule } from './temporal.module';

/** The one place each workflow is started and sent steps and facts from the API. */
@Module({
  imports: [TemporalModule],
  providers: [
    CaseWorkflowGateway,
    ImportWorkflowGateway,
    DetectionWorkflowGateway,
    CampaignWorkflowGateway,
    LoanWorkflowGateway,
  ],
  exports: [
    CaseWorkflowGateway,
    ImportWorkflowGateway,
    DetectionWorkflowGateway,
    CampaignWorkflowGateway,
    LoanWorkflowGateway,
  ],
})
export class WorkflowGatewaysModule {}
