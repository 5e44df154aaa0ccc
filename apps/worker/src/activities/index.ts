import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { VerityEnv } from '../../../../libs/config/src';
import type {
  AuditActivities,
  BackupActivities,
  RetentionActivities,
  CampaignActivities,
  CaseActivities,
  DetectionActivities,
  ImportActivities,
  LoanActivities,
  ReportActivities,
} from '../../../../libs/contracts/src';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { dataSourceOptions } from '../../../../libs/persistence/src/data-source';
import { temporalDataConverter } from '../../../../libs/temporal/src';
import { AuditActivitiesImpl } from './audit.activities';
import { BackupActivitiesImpl } from './backup.activities';
import { RetentionActivitiesImpl } from './retention.activities';
import { CaseActivitiesImpl, outboxKick } from './case.activities';
import { ConductActivitiesImpl } from './conduct.activities';
import { DetectionActivitiesImpl } from './detection.activities';
import { ImportActivitiesImpl } from './import.activities';
import { LoanActivitiesImpl } from './loan.activities';
import { ReportActivitiesImpl } from './report.activities';

export type WorkerActivities = CaseActivities &
  DetectionActivities &
  ImportActivities &
  ReportActivities &
  CampaignActivities &
  LoanActivities &
  AuditActivities &
  BackupActivities &
  RetentionActivities;

/**
 * Every method of an activities class, bound to its instance, so a method added to a class (and its contract,
 * which types the workflows' proxies) is an activity without a second edit here. Private helpers are bound too;
 * no workflow can call them, since their proxies only know the contract. A name two classes share is refused.
 */
export function bindActivities(...impls: object[]): Record<string, (...args: never[]) => unknown> {
  const bound: Record<string, (...args: never[]) => unknown> = {};
  for (const impl of impls) {
    const proto = Object.getPrototypeOf(impl) as object;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method: unknown = (proto as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof method !== 'function') continue;
      if (name in bound) throw new Error(`two activities are named ${name}`);
      bound[name] = (method as (...args: never[]) => unknown).bind(impl);
    }
  }
  return bound;
}

/** Every activity the worker runs, bound to one database pool and one Temporal client (to open cases). */
export async function createActivities(env: VerityEnv) {
  const db = new DataSource(dataSourceOptions(env.DATABASE_URL, 10));
  await db.initialize();
  const temporalConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const temporal = new Client({
    connection: temporalConnection,
    namespace: env.TEMPORAL_NAMESPACE,
    dataConverter: temporalDataConverter(env),
  });
  const cipher = FieldCipher.fromEnv(env);
  const detection = new DetectionActivitiesImpl(db, cipher, temporal, env.TEMPORAL_TASK_QUEUE, {
    samePolicyPhone: env.DETECTION_SAME_POLICY_PHONE === 'true',
  });
  const imports = new ImportActivitiesImpl(db, cipher, env.DEFAULT_COOLING_OFF_DAYS);
  const cases = new CaseActivitiesImpl(
    db,
    cipher,
    {
      revisitMarginDays: env.CASE_REVISIT_MARGIN_DAYS,
      distributionWorkingDays: env.CASE_DISTRIBUTION_WORKING_DAYS,
      webhookUrl: env.NOTIFY_WEBHOOK_URL ?? null,
    },
    outboxKick(temporal, env.TEMPORAL_TASK_QUEUE),
  );
  const reports = new ReportActivitiesImpl(db);
  const conduct = new ConductActivitiesImpl(
    db,
    cipher,
    temporal,
    env.TEMPORAL_TASK_QUEUE,
    env.NOTIFY_WEBHOOK_URL ?? null,
    outboxKick(temporal, env.TEMPORAL_TASK_QUEUE),
  );
  const loans = new LoanActivitiesImpl(
    db,
    cipher,
    env.NOTIFY_WEBHOOK_URL ?? null,
    outboxKick(temporal, env.TEMPORAL_TASK_QUEUE),
  );
  const audit = new AuditActivitiesImpl(db, env.AUDIT_ANCHOR_DIR);
  return {
    db,
    temporal,
    close: async () => {
      await temporalConnection.close();
      await db.destroy();
    },
    activities: bindActivities(
      detection,
      imports,
      cases,
      reports,
      conduct,
      loans,
      audit,
      new BackupActivitiesImpl(env),
      new RetentionActivitiesImpl(db, env),
    ) as unknown as WorkerActivities,
  };
}
