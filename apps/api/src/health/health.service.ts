import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { HealthReportDto } from './dto/health-report.dto';

export type HealthReport = HealthReportDto;

/** Probes the database and Temporal, each with a 3 s limit. */
@Injectable()
export class HealthService {
  constructor(
    private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly env: VerityEnv,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, temporal] = await Promise.all([
      probe(() => this.db.query('SELECT 1')),
      probe(() => this.temporal.workflowService.describeNamespace({ namespace: this.env.TEMPORAL_NAMESPACE })),
    ]);
    const ok = database === 'up' && temporal === 'up';
    return { status: ok ? 'ok' : 'degraded', database, temporal };
  }
}

async function probe(fn: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    return 'up';
  } catch {
    return 'down';
  }
}
