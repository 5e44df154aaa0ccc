import type { DataSource } from 'typeorm';
import type { VerityEnv } from '../../../../libs/config/src';
import type {
  DestroyedCounts,
  RetentionActivities,
  RetentionBatch,
} from '../../../../libs/contracts/src/retention.contract';
import { localDateOf } from '../../../../libs/domain/src/calendar/working-calendar';
import { cutoff, type RetentionSettings } from '../../../../libs/domain/src/retention/retention-rules';
import { appendAudit } from '../../../../libs/persistence/src/audit/audit-log';
import {
  destroyImportRows,
  destroyInquiryAttempts,
  destroyPolicies,
  expiredPolicies,
  logDestruction,
  type DestructionEntry,
} from '../../../../libs/persistence/src/retention/retention-repository';

const SYSTEM = { userId: 'system', role: 'system' };
const BATCH = 200;

/** The retention workflow's activity: destroys what is past retention, logs it, audits the batch. */
export class RetentionActivitiesImpl implements RetentionActivities {
  private readonly rules: RetentionSettings;

  constructor(
    private readonly db: DataSource,
    env: VerityEnv,
  ) {
    this.rules = {
      policyYears: env.RETENTION_POLICY_YEARS,
      rejectedYears: env.RETENTION_REJECTED_YEARS,
      inquiryDays: env.RETENTION_INQUIRY_DAYS,
      importRowsDays: env.RETENTION_IMPORT_ROWS_DAYS,
    };
  }

  destroyExpired(runId: string, first: boolean): Promise<RetentionBatch> {
    return this.db.transaction(async (tx) => {
      const now = new Date();
      const destroyed: DestroyedCounts = {
        policy_ended: 0,
        application_rejected: 0,
        inquiry_attempt: 0,
        import_staging: 0,
      };
      const log: DestructionEntry[] = [];
      if (first) {
        const before = cutoff(now, this.rules.inquiryDays);
        destroyed.inquiry_attempt = await destroyInquiryAttempts(tx, before);
        if (destroyed.inquiry_attempt > 0)
          log.push({
            runId,
            rule: 'inquiry_attempt',
            recordKind: 'inquiry_attempt',
            recordRef: `before ${before.toISOString()}`,
            rows: destroyed.inquiry_attempt,
          });
        for (const staged of await destroyImportRows(tx, cutoff(now, this.rules.importRowsDays))) {
          destroyed.import_staging += staged.rows;
          log.push({
            runId,
            rule: 'import_staging',
            recordKind: 'import_rows',
            recordRef: staged.importId,
            rows: staged.rows,
          });
        }
      }
      // Oldest first; a policy that keeps something open is skipped and looked at again by the next run.
      const expired = await expiredPolicies(tx, this.rules, localDateOf(now.toISOString()), BATCH);
      for (const p of expired) {
        const rows = await destroyPolicies(tx, [p.policyNumber]);
        destroyed[p.rule] += 1;
        log.push({ runId, rule: p.rule, recordKind: 'policy', recordRef: p.policyNumber, rows });
      }
      await logDestruction(tx, log);
      if (log.length > 0)
        await appendAudit(tx, SYSTEM, {
          action: 'retention.destroy',
          entityType: 'retention_run',
          entityId: runId,
          detail: { ...destroyed, entries: log.length },
        });
      return { destroyed, done: expired.length < BATCH };
    });
  }
}
