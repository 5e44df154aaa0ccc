import { ApplicationFailure } from '@temporalio/activity';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseActivities, CaseEventRecord, CaseNotification, Correction, Deadlines } from '../../../../libs/contracts/src/case.contract';
import { addCalendarDays, localDateOf, startOfLocalDay, workingDayDeadline } from '../../../../libs/domain/src/calendar/working-calendar';
import { normaliseCorrectedValue } from '../../../../libs/domain/src/case/correction';
import { sealCaseView } from '../../../../libs/persistence/src/crypto/case-view-seal';
import { loadCalendar } from '../../../../libs/persistence/src/calendar/calendar-repository';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { normaliseAddressForIndex } from '../../../../libs/persistence/src/policies/address-index';

export interface CaseActivitySettings {
  /** Calendar days before the end of the cooling-off period by which the correction must be recorded. */
  revisitMarginDays: number;
  /** Where notifications are also POSTed (JSON); unset: stored only. */
  webhookUrl: string | null;
}

/** Activities of the case workflow: deadlines from the stored calendar, the read model, corrections, escalation. */
export class CaseActivitiesImpl implements CaseActivities {
  private readonly logger = new Logger(CaseActivitiesImpl.name);

  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly settings: CaseActivitySettings,
  ) {}

  async computeDeadlines(input: Parameters<CaseActivities['computeDeadlines']>[0]): Promise<Deadlines> {
    const deadlines: Deadlines = { investigationDueAt: null, reminderAt: null, revisitDeadlineAt: null, coolingOffEndsAt: null };
    if (input.investigationDueOverride) {
      deadlines.investigationDueAt = new Date(input.investigationDueOverride).toISOString();
      deadlines.reminderAt = startOfLocalDay(localDateOf(new Date(Date.parse(input.investigationDueOverride) - 1).toISOString()));
    } else if (input.receivedAt) {
      const year = Number(localDateOf(input.receivedAt).slice(0, 4));
      const calendar = await loadCalendar(this.db.manager, year, year + 1);
      try {
        const due = workingDayDeadline(input.receivedAt, input.investigationDays, calendar);
        deadlines.investigationDueAt = due.dueAt;
        deadlines.reminderAt = due.lastDayStartsAt;
      } catch (err) {
        // A year without any schedule: an admin must load it; retrying will not help until then.
        throw ApplicationFailure.nonRetryable(`cannot compute the investigation deadline: ${(err as Error).message}`, 'CalendarUnknown');
      }
    }
    if (input.receiptSignedDate) {
      // The period starts the day after signing and ends at the end of its last day (exclusive next midnight).
      const lastDay = addCalendarDays(input.receiptSignedDate, input.coolingOffDays);
      deadlines.coolingOffEndsAt = startOfLocalDay(addCalendarDays(lastDay, 1));
      deadlines.revisitDeadlineAt = startOfLocalDay(addCalendarDays(lastDay, 1 - this.settings.revisitMarginDays));
    }
    return deadlines;
  }

  async recordCaseEvent(event: CaseEventRecord, notifications: CaseNotification[]): Promise<void> {
    const v = event.view;
    const fresh: Array<{ id: string; recipient: string; kind: string; message: string }> = await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO cases (case_id, finding_key, rule, state, channel, branch_code, seller_code, assignee_id, compliance_supervisor_id,
           escalated, urgent, cooling_off_breached, outcome, due_at, investigation_due_at, revisit_deadline_at, cooling_off_ends_at,
           policy_numbers, investigators, view, seq, opened_at, updated_at, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22,
           CASE WHEN $4 = 'CLOSED' THEN $22::timestamptz END)
         ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, channel = EXCLUDED.channel, branch_code = EXCLUDED.branch_code,
           assignee_id = EXCLUDED.assignee_id, compliance_supervisor_id = EXCLUDED.compliance_supervisor_id,
           escalated = EXCLUDED.escalated, urgent = EXCLUDED.urgent, cooling_off_breached = EXCLUDED.cooling_off_breached,
           outcome = EXCLUDED.outcome, due_at = EXCLUDED.due_at, investigation_due_at = EXCLUDED.investigation_due_at,
           revisit_deadline_at = EXCLUDED.revisit_deadline_at, cooling_off_ends_at = EXCLUDED.cooling_off_ends_at,
           policy_numbers = EXCLUDED.policy_numbers, investigators = EXCLUDED.investigators, view = EXCLUDED.view,
           seq = EXCLUDED.seq, updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at
         WHERE cases.seq < EXCLUDED.seq`,
        [
          v.caseId, v.findingKey, v.rule, v.state, v.channel, v.branchCode, v.sellerCode, v.assigneeId, v.complianceSupervisorId,
          v.escalated, v.urgent, v.coolingOffBreached, v.outcome, v.dueAt, v.deadlines.investigationDueAt, v.deadlines.revisitDeadlineAt,
          v.deadlines.coolingOffEndsAt, v.policyNumbers, v.investigators, JSON.stringify(sealCaseView(v, this.cipher)), event.seq, event.at,
        ],
      );
      await tx.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, at, detail) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [event.caseId, event.seq, event.type, event.actorId, event.at, JSON.stringify(event.detail)],
      );
      if (notifications.length === 0) return [];
      return tx.query(
        `INSERT INTO notifications (case_id, seq, recipient, kind, message)
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING
         RETURNING id, recipient, kind, message`,
        [event.caseId, event.seq, notifications.map((n) => n.recipient), notifications.map((n) => n.kind), notifications.map((n) => n.message)],
      );
    });
    if (fresh.length > 0 && this.settings.webhookUrl) await this.deliver(event.caseId, fresh);
  }

  /** Best effort: a webhook that is down must not hold a case back; undelivered rows keep delivered_at null. */
  private async deliver(caseId: string, rows: Array<{ id: string; recipient: string; kind: string; message: string }>): Promise<void> {
    try {
      const res = await fetch(this.settings.webhookUrl!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ caseId, notifications: rows }),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await this.db.query(`UPDATE notifications SET delivered_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    } catch (err) {
      this.logger.warn(`notification webhook failed for case ${caseId}: ${(err as Error).message}`);
    }
  }

  async applyCorrection(caseId: string, correction: Correction, actorId: string): Promise<void> {
    const newValue = normaliseCorrectedValue(correction.field, correction.newValue);
    const oldValue = normaliseCorrectedValue(correction.field, correction.oldValue) ?? correction.oldValue.trim();
    if (newValue === null) throw ApplicationFailure.nonRetryable(`the corrected ${correction.field} is not valid`, 'CorrectionInvalid');
    const oldHash = this.cipher.blindIndex(correction.field === 'address' ? normaliseAddressForIndex(oldValue) : oldValue);
    const newHash = this.cipher.blindIndex(correction.field === 'address' ? normaliseAddressForIndex(newValue) : newValue);
    await this.db.transaction(async (tx) => {
      const claimed: unknown[] = await tx.query(
        `INSERT INTO customer_corrections (case_id, customer_id, field, old_enc, old_text, old_hash, new_hash, corrected_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (case_id) DO NOTHING RETURNING 1`,
        [caseId, correction.customerId, correction.field, correction.field === 'address' ? null : this.cipher.encrypt(oldValue),
          correction.field === 'address' ? oldValue : null, oldHash, newHash, actorId],
      );
      if (claimed.length === 0) return; // applied by an earlier attempt
      let result: unknown;
      if (correction.field === 'phone') {
        result = await tx.query(
          `UPDATE contact_points SET value_enc = $3, value_hash = $4, valid = true
           WHERE customer_id = $1 AND kind = 'phone' AND value_hash = $2`,
          [correction.customerId, oldHash, this.cipher.encrypt(newValue), newHash],
        );
      } else if (correction.field === 'address') {
        result = await tx.query(
          `UPDATE contact_points SET value_text = $3, value_hash = $4, valid = true
           WHERE customer_id = $1 AND kind = 'address' AND value_hash = $2`,
          [correction.customerId, oldHash, newValue, newHash],
        );
      } else {
        result = await tx.query(
          `UPDATE bank_accounts SET account_enc = $3, account_hash = $4, valid = true WHERE payer_customer_id = $1 AND account_hash = $2`,
          [correction.customerId, oldHash, this.cipher.encrypt(newValue), newHash],
        );
      }
      // TypeORM answers an UPDATE with [rows, affected]; nothing matched means the old value is not on record.
      const affected = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
      if (affected === 0) {
        throw ApplicationFailure.nonRetryable(
          `customer ${correction.customerId} has no ${correction.field} equal to the value given as wrong; nothing was changed`,
          'CorrectionNotApplicable',
        );
      }
      await tx.query(
        `INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, detail) VALUES ($1, 'compliance', 'customer.correct', 'customer', $2, $3)`,
        [actorId, correction.customerId, JSON.stringify({ caseId, field: correction.field })],
      );
    });
  }

  async pickComplianceSupervisor(branchCode: string): Promise<string | null> {
    const rows: Array<{ user_id: string }> = await this.db.query(
      `SELECT s.user_id FROM staff s
       WHERE s.role = 'compliance' AND s.active AND s.branch_code IN ($1, '*')
       ORDER BY (SELECT count(*) FROM cases c WHERE c.compliance_supervisor_id = s.user_id AND c.state <> 'CLOSED'), s.user_id
       LIMIT 1`,
      [branchCode],
    );
    return rows[0]?.user_id ?? null;
  }
}
