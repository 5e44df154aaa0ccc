import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LoansModule } from '../loans/loans.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The quarterly regulator report (Art. 22, 23); owns quarterly_reports (`reports/`). */
@Module({ imports: [AuditModule, LoansModule], controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
