import { Context } from '@temporalio/activity';
import path from 'node:path';
import type { VerityEnv } from '../../../../libs/config/src';
import { backupKey, createBackup } from '../../../../libs/backup/src';
import type { BackupActivities, BackupRef } from '../../../../libs/contracts/src/backup.contract';
import { createEvidenceStore } from '../../../../libs/evidence/src';

/** The daily backup's activity: one generation into BACKUP_DIR, heartbeating as it goes table by table. */
export class BackupActivitiesImpl implements BackupActivities {
  constructor(private readonly env: VerityEnv) {}

  async takeBackup(): Promise<BackupRef> {
    const { env } = this;
    if (!env.BACKUP_DIR) throw new Error('BACKUP_DIR is not set');
    const result = await createBackup({
      dir: path.resolve(env.BACKUP_DIR),
      key: backupKey(env.BACKUP_KEY),
      databaseUrl: env.DATABASE_URL,
      evidenceStore: createEvidenceStore(env),
      temporalDbFile: env.TEMPORAL_DB_FILE ?? null,
      anchorDir: env.AUDIT_ANCHOR_DIR,
      generations: env.BACKUP_GENERATIONS,
      log: (message) => Context.current().heartbeat(message),
    });
    const { generation, tables, rows, evidenceFiles, temporal, removed } = result;
    return { generation, tables, rows, evidenceFiles, temporal, removed };
  }
}
