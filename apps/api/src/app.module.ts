import { Module } from '@nestjs/common';
import { AreaCodesModule } from './area-codes/area-codes.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { ConductModule } from './conduct/conduct.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { DetectionModule } from './detection/detection.module';
import { DirectoryModule } from './directory/directory.module';
import { EvidenceModule } from './evidence/evidence.module';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports/imports.module';
import { InquiriesModule } from './inquiries/inquiries.module';
import { PoliciesModule } from './policies/policies.module';
import { ReportsModule } from './reports/reports.module';
import { StaffModule } from './staff/staff.module';
import { TemporalModule } from './temporal/temporal.module';
import { LoansModule } from './loans/loans.module';
import { AccessModule } from './access/access.module';
import { RetentionModule } from './retention/retention.module';

/** Only modules: each bounded context brings its controllers and providers, and imports what it uses. */
@Module({
  imports: [
    DatabaseModule,
    AuthModule,
    AuditModule,
    TemporalModule,
    HealthModule,
    PoliciesModule,
    ImportsModule,
    DirectoryModule,
    CasesModule,
    EvidenceModule,
    CalendarModule,
    StaffModule,
    DetectionModule,
    AreaCodesModule,
    DashboardModule,
    ReportsModule,
    ConductModule,
    LoansModule,
    InquiriesModule,
    AccessModule,
    RetentionModule,
  ],
})
export class AppModule {}
