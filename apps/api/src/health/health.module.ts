import { Module } from '@nestjs/common';
import { TemporalModule } from '../temporal/temporal.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** Liveness of the database and Temporal. */
@Module({
  imports: [TemporalModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
