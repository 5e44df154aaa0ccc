import { Module } from '@nestjs/common';
import { AreaCodesController } from './area-codes/area-codes.controller';
import { AreaCodesService } from './area-codes/area-codes.service';
import { AuditModule } from './audit/audit.module';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarService } from './calendar/calendar.service';
import { CasesController, MeController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { DetectionController } from './detection/detection.controller';
import { DetectionService } from './detection/detection.service';
import { EvidenceController } from './evidence/evidence.controller';
import { EvidenceService } from './evidence/evidence.service';
import { StaffController } from './staff/staff.controller';
import { CaseWorkflowGateway } from './temporal/case-workflow.gateway';
import { DetectionWorkflowGateway } from './temporal/detection-workflow.gateway';
import { AuthModule } from './auth/auth.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { ImportStagingService } from './imports/import-staging.service';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesService } from './policies/policies.service';
import { AgenciesController, SellersController } from './sellers/directory.controllers';
import { DirectoryService } from './sellers/directory.service';
import { ImportWorkflowGateway } from './temporal/import-workflow.gateway';
import { TemporalCodecController, TemporalCodecService } from './temporal/temporal-codec.controller';
import { TemporalModule } from './temporal/temporal.module';

@Module({
  imports: [DatabaseModule, TemporalModule, AuthModule, AuditModule, DashboardModule],
  controllers: [
    HealthController, PoliciesController, ImportsController, SellersController, AgenciesController,
    CasesController, MeController, EvidenceController, CalendarController, StaffController, DetectionController,
    AreaCodesController,
    TemporalCodecController,
  ],
  providers: [
    PoliciesService, ImportsService, ImportStagingService, ImportWorkflowGateway, DirectoryService,
    CasesService, CaseWorkflowGateway, EvidenceService, CalendarService, DetectionService, DetectionWorkflowGateway,
    AreaCodesService,
    TemporalCodecService,
  ],
})
export class AppModule {}
