/**
 * The audit trail's daily anchor (R8): a Schedule writes the hash chain's head outside the database, so a rewrite
 * of the whole audit table is found. Only types and pure values here: workflow code imports this file.
 */

export const AUDIT_ANCHOR_SCHEDULE_ID = 'audit-anchor-daily';
export const AUDIT_ANCHOR_WORKFLOW_TYPE = 'auditAnchorWorkflow';

export interface AuditAnchorRef {
  seq: number;
  entryHash: string;
  writtenAt: string;
}

export interface AuditActivities {
  /** Appends the chain's head to the day's file in AUDIT_ANCHOR_DIR. */
  writeAuditAnchor(): Promise<AuditAnchorRef>;
}
