/**
 * The daily backup (machine-room rules): a Schedule writes a generation into BACKUP_DIR (libs/backup). Only types
 * and pure values here: workflow code imports this file.
 */

export const BACKUP_SCHEDULE_ID = 'backup-daily';
export const BACKUP_WORKFLOW_TYPE = 'backupWorkflow';

export interface BackupRef {
  generation: string;
  tables: number;
  rows: number;
  evidenceFiles: number;
  temporal: boolean;
  /** Generations removed because more than BACKUP_GENERATIONS were kept. */
  removed: string[];
}

export interface BackupActivities {
  /** Writes one generation and prunes the oldest. */
  takeBackup(): Promise<BackupRef>;
}
