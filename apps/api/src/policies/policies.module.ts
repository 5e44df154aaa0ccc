import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { WorkflowGatewaysModule } from '../temporal/workflow-gateways.module';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';

/** Intake (R1–R3): entering, supplementing and reading policies; owns the policies and their parties, contact points and accounts. */
@Module({
  imports: [AuditModule, WorkflowGatewaysModule, AccessModule],
  controllers: [PoliciesController],
  providers: [PoliciesService],
  exports: [PoliciesService],
})
export class PoliciesModule {}
