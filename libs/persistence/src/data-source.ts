import type { DataSourceOptions } from 'typeorm';
import { DataSource } from 'typeorm';
import { IntakeSchema1764201600000 } from '../../../migrations/1764201600000-IntakeSchema';
import { CaseSchema1764288000000 } from '../../../migrations/1764288000000-CaseSchema';
import { DetectionSchema1764374400000 } from '../../../migrations/1764374400000-DetectionSchema';
import { DetectionTrust1764460800000 } from '../../../migrations/1764460800000-DetectionTrust';
import { CaseClocks1764547200000 } from '../../../migrations/1764547200000-CaseClocks';
import { AreaCodesExtra1765000000000 } from '../../../migrations/1765000000000-AreaCodesExtra';
import { NotificationOutbox1765100000000 } from '../../../migrations/1765100000000-NotificationOutbox';
import { ConductAndReports1765200000000 } from '../../../migrations/1765200000000-ConductAndReports';
import { BeneficiariesAndInquiries1765310000000 } from '../../../migrations/1765310000000-BeneficiariesAndInquiries';
import { LoansAndIncidents1765410000000 } from '../../../migrations/1765410000000-LoansAndIncidents';
import { KeyRing1765510000000 } from '../../../migrations/1765510000000-KeyRing';
import { ENTITIES } from './entities';

/** Migrations are listed, not globbed, so the same list works from TypeScript sources and from dist/. */
export const MIGRATIONS = [
  IntakeSchema1764201600000,
  CaseSchema1764288000000,
  DetectionSchema1764374400000,
  DetectionTrust1764460800000,
  CaseClocks1764547200000,
  AreaCodesExtra1765000000000,
  NotificationOutbox1765100000000,
  ConductAndReports1765200000000,
  BeneficiariesAndInquiries1765310000000,
  LoansAndIncidents1765410000000,
  KeyRing1765510000000,
];

export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize },
  };
}

/** Applies pending migrations; run once before the API and worker start (`npm start` and the test setup do). */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(databaseUrl, 2), migrationsTransactionMode: 'each' });
  await ds.initialize();
  try {
    const done = await ds.runMigrations();
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
