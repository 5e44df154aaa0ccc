import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { WorkflowGatewaysModule } from '../temporal/workflow-gateways.module';
import { CasesModule } from '../cases/cases.module';
import { LoansModule } from '../loans/loans.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';

/** Evidence files of a case: stored, signed, verified; owns the evidence table. Uses cases for scope checks. */
@Module({
  imports: [AuditModule, WorkflowGatewaysModule, CasesModule, LoansModule, AccessModule],
  controllers: [EvidenceController],
  providers: [EvidenceService],
  exports: [EvidenceService],
})
export class EvidenceModule {}
