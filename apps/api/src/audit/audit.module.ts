import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditTrailService } from './audit-trail.service';
import { AuditService } from './audit.service';

/**
 * The audit log (R8): every module that changes or reads customer data imports it to write; auditors search and
 * verify it here. Owns audit_log and its hash chain.
 */
@Module({ controllers: [AuditController], providers: [AuditService, AuditTrailService], exports: [AuditService] })
export class AuditModule {}
