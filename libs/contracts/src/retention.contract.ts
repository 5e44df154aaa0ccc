/**
 * The daily destruction of records past retention (machine-room rules; libs/domain/src/retention). Only types and
 * pure values here: workflow code imports this file.
 */

export const RETENTION_SCHEDULE_ID = 'retention-daily';
export const RETENTION_WORKFLOW_TYPE = 'retentionWorkflow';

/** Rows destroyed, by rule. */
export type DestroyedCounts = Record<
  'policy_ended' | 'application_rejected' | 'inquiry_attempt' | 'import_staging',
  number
>;

export interface RetentionBatch {
  destroyed: DestroyedCounts;
  /** False while more policies past retention remain (the workflow asks for the next batch). */
  done: boolean;
}

export interface RetentionActivities {
  /** One transaction: a batch of expired policies, and on the first batch the expired operational rows, logged. */
  destroyExpired(runId: string, first: boolean): Promise<RetentionBatch>;
}
