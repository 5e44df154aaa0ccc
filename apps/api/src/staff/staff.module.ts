import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

/** The staff directory (routing of escalations); owns the staff table. */
@Module({
  imports: [AuditModule],
  controllers: [StaffController],
  providers: [StaffService],
  exports: [StaffService],
})
export class StaffModule {}
