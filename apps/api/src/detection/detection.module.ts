import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkflowGatewaysModule } from '../temporal/workflow-gateways.module';
import { DetectionController } from './detection.controller';
import { DetectionService } from './detection.service';

/** Detection runs (R4), their suspicious lists and payer exceptions; owns detection_runs, findings, run_findings, payer_exceptions. */
@Module({
  imports: [AuditModule, WorkflowGatewaysModule],
  controllers: [DetectionController],
  providers: [DetectionService],
  exports: [DetectionService],
})
export class DetectionModule {}
