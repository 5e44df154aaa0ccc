import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkflowGatewaysModule } from '../temporal/workflow-gateways.module';
import { InquiriesController } from './inquiries.controller';
import { InquiriesService } from './inquiries.service';

/**
 * Customer inquiries after identity verification (R8): owns inquiry_attempts and inquiry_locks; reads the parties
 * and beneficiaries of policies; tells compliance of lock-outs through the notification outbox.
 */
@Module({
  imports: [AuditModule, WorkflowGatewaysModule],
  controllers: [InquiriesController],
  providers: [InquiriesService],
})
export class InquiriesModule {}
