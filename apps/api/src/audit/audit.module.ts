import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit log (R8): every module that changes or reads customer data imports it; owns audit_log. */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
