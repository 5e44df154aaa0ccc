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
import { AuditChain1765610000000 } from '../../../migrations/1765610000000-AuditChain';
import { AccessRequests1765710000000 } from '../../../migrations/1765710000000-AccessRequests';
import { Retention1765810000000 } from '../../../migrations/1765810000000-Retention';
import { CaseListOrder1765910000000 } from '../../../migrations/1765910000000-CaseListOrder';
import { DetectionWrites1766010000000 } from '../../../migrations/1766010000000-DetectionWrites';
import { DetectionLookups1766020000000 } from '../../../migrations/1766020000000-DetectionLookups';
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
  AuditChain1765610000000,
  AccessRequests1765710000000,
  Retention1765810000000,
  CaseListOrder1765910000000,
  DetectionWrites1766010000000,
  DetectionLookups1766020000000,
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

/**
 * What the application's role may do (issue 11): read and write Verity's tables, never change their shape, and only
 * append to the audit trail; its chain (written by the chain trigger, as the owner) and the migrations table it may
 * only read (the daily backup records which migrations the data belongs to). Granted after every migration run, so
 * tables added later are covered; migrations themselves run as the owner.
 */
export async function grantApplicationRole(ds: DataSource, role: string): Promise<void> {
  const r = `"${role.replace(/"/g, '""')}"`;
  await ds.query(`
    GRANT USAGE ON SCHEMA public TO ${r};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, destruction_log FROM ${r};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_chain, audit_chain_head FROM ${r};
    REVOKE ALL ON migrations FROM ${r};
    GRANT SELECT ON migrations TO ${r};
  `);
}

/**
 * The role the API and the worker connect as: DATABASE_APP_ROLE, else DATABASE_URL's user when migrations run as
 * another (MIGRATION_DATABASE_URL). Null when both are the owner: then nothing is granted and a warning says so.
 */
export function applicationRole(env: NodeJS.ProcessEnv, ownerUrl: string, appUrl: string): string | null {
  if (env.DATABASE_APP_ROLE) return env.DATABASE_APP_ROLE;
  const owner = decodeURIComponent(new URL(ownerUrl).username);
  const app = decodeURIComponent(new URL(appUrl).username);
  return app && app !== owner ? app : null;
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
