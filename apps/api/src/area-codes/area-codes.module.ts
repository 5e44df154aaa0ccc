import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AreaCodesController } from './area-codes.controller';
import { AreaCodesService } from './area-codes.service';

/** Area codes added between releases of the shipped table; owns area_codes_extra. */
@Module({
  imports: [AuditModule],
  controllers: [AreaCodesController],
  providers: [AreaCodesService],
  exports: [AreaCodesService],
})
export class AreaCodesModule {}
