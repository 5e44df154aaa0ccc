import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
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
import { TemporalModule } from './temporal/temporal.module';

@Module({
  imports: [DatabaseModule, TemporalModule, AuthModule, AuditModule],
  controllers: [HealthController, PoliciesController, ImportsController, SellersController, AgenciesController],
  providers: [PoliciesService, ImportsService, ImportStagingService, ImportWorkflowGateway, DirectoryService],
})
export class AppModule {}
