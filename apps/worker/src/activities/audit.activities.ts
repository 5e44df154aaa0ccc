import type { DataSource } from 'typeorm';
import type { AuditActivities, AuditAnchorRef } from '../../../../libs/contracts/src/audit.contract';
import { writeAuditAnchor } from '../../../../libs/persistence/src/audit/audit-chain';

/** The audit anchor's activity: reads the chain's head and appends it to the day's file outside the database. */
export class AuditActivitiesImpl implements AuditActivities {
  constructor(
    private readonly db: DataSource,
    private readonly anchorDir: string,
  ) {}

  writeAuditAnchor(): Promise<AuditAnchorRef> {
    return writeAuditAnchor(this.db.manager, this.anchorDir);
  }
}
