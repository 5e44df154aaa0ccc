import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessRequestsController, ConfidentialityController } from './access.controller';
import { AccessService } from './access.service';

/**
 * Files by permission (doc 4): confidentiality levels and access requests; owns access_requests and the levels'
 * columns. The policy and evidence reads ask AccessService before they answer.
 */
@Module({
  imports: [AuditModule],
  controllers: [AccessRequestsController, ConfidentialityController],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
