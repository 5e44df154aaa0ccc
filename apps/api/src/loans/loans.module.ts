import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkflowGatewaysModule } from '../temporal/workflow-gateways.module';
import { IncidentsService } from './incidents.service';
import { IncidentsController, LoansController } from './loans.controller';
import { LoansService } from './loans.service';

/** Loans and incidents (doc 4); the download controllers of other contexts record their loans through LoansService. */
@Module({
  imports: [AuditModule, WorkflowGatewaysModule],
  controllers: [LoansController, IncidentsController],
  providers: [LoansService, IncidentsService],
  exports: [LoansService],
})
export class LoansModule {}
