import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';

/** Retention (machine-room rules): legal holds and the destruction log; owns legal_holds and destruction_log. */
@Module({
  imports: [AuditModule],
  controllers: [RetentionController],
  providers: [RetentionService],
})
export class RetentionModule {}
