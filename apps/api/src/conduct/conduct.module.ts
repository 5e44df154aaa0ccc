import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LoansModule } from '../loans/loans.module';
import { WorkflowGatewaysModule } from '../temporal/workflow-gateways.module';
import { CampaignsController, RecheckTasksController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';
import { ConductHistoryController } from './conduct-history.controller';
import { ConductHistoryService } from './conduct-history.service';
import { AgencyIncidentsController, PenaltiesController, ReferralsController } from './penalties.controller';
import { PenaltiesService } from './penalties.service';

/**
 * Seller conduct (R6, R7): complaints and their attachments, re-check campaigns and tasks (the campaign workflow
 * writes those), penalties and proposals, agency incidents, referrals, and a seller's or agency's history. Owns
 * complaints, complaint_attachments, penalty_proposals, penalties, agency_incidents and referrals; reads
 * recheck_campaigns and recheck_tasks (libs/persistence/src/conduct/).
 */
@Module({
  imports: [AuditModule, WorkflowGatewaysModule, LoansModule],
  controllers: [
    ComplaintsController,
    CampaignsController,
    RecheckTasksController,
    PenaltiesController,
    AgencyIncidentsController,
    ReferralsController,
    ConductHistoryController,
  ],
  providers: [ComplaintsService, CampaignsService, PenaltiesService, ConductHistoryService],
})
export class ConductModule {}
