import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkflowGatewaysModule } from '../temporal/workflow-gateways.module';
import { CasesController } from './cases.controller';
import { MeController } from './me.controller';
import { CasesService } from './cases.service';

/** Cases (R5) and what the caller must do next; the case workflow owns the cases, case_events and notifications rows. */
@Module({
  imports: [AuditModule, WorkflowGatewaysModule],
  controllers: [CasesController, MeController],
  providers: [CasesService],
  exports: [CasesService],
})
export class CasesModule {}
