import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LoansModule } from '../loans/loans.module';
import { WorkflowGatewaysModule } from '../temporal/workflow-gateways.module';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { ImportStagingService } from './import-staging.service';

/** Bulk imports and the backlog self-check (R10); owns import jobs, staged rows and their issues. */
@Module({
  imports: [AuditModule, WorkflowGatewaysModule, LoansModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportStagingService],
  exports: [ImportsService],
})
export class ImportsModule {}
