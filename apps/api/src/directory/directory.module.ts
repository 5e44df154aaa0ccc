import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AgenciesController } from './agencies.controller';
import { SellersController } from './sellers.controller';
import { DirectoryService } from './directory.service';

/** Sellers and agencies: registration, updates, CSV imports; owns the sellers and agencies tables. */
@Module({
  imports: [AuditModule],
  controllers: [SellersController, AgenciesController],
  providers: [DirectoryService],
  exports: [DirectoryService],
})
export class DirectoryModule {}
