import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LoansModule } from '../loans/loans.module';
import { WorkflowGatewaysModule } from '../temporal/workflow-gateways.module';
import { DetectionController } from './detection.controller';
import { DetectionService } from './detection.service';

/** Detection runs (R4), their suspicious lists and payer exceptions; owns detection_runs, findings, run_findings, payer_exceptions. */
@Module({
  imports: [AuditModule, WorkflowGatewaysModule, LoansModule],
  controllers: [DetectionController],
  providers: [DetectionService],
  exports: [DetectionService],
})
export class DetectionModule {}
