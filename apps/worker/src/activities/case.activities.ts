import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  CaseActivities,
  CaseEventRecord,
  CaseNotification,
  CasePolicy,
  Correction,
  Deadlines,
} from '../../../../libs/contracts/src/case.contract';
import { notificationsPending } from '../../../../libs/contracts/src/case.definitions';
import {
  NOTIFICATION_OUTBOX_WORKFLOW_TYPE,
  notificationOutboxWorkflowId,
  type NotificationOutboxActivities,
} from '../../../../libs/contracts/src/case.outbox';
import { FailureType } from '../../../../libs/contracts/src/failures';
import {
  addCalendarDays,
  branchToday,
  coolingOffPeriod,
  endOfWorkingDayBefore,
  localDateOf,
  startOfLocalDay,
  workingDayDeadline,
} from '../../../../libs/domain/src/calendar/working-calendar';
import { noDeadlines } from '../../../../libs/domain/src/case/case-view';
import { CaseReadModel } from '../../../../libs/persistence/src/cases/case-read-model';
import { loadCalendar } from '../../../../libs/persistence/src/calendar/calendar-repository';
import type { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { appendAudit } from '../../../../libs/persistence/src/audit/audit-log';
import {
  hasCorrectionsForCase,
  recordCorrection,
  touchPoliciesOfCustomers,
} from '../../../../libs/persistence/src/policies/customer-corrections';
import { applyCustomerCorrection } from './customer-correction';

/** Outbox rows one delivery attempt sends at most: with a 5 s timeout each, well inside its start-to-close. */
const OUTBOX_BATCH = 10;

export interface CaseActivitySettings {
  /** Working days before the last day of the cooling-off period by which the correction must be recorded. */
  revisitMarginDays: number;
  /** Working days after opening by whose end a case must be distributed. */
  distributionWorkingDays: number;
  /** Where notifications are also POSTed (JSON), through the outbox; unset: stored only. */
  webhookUrl: string | null;
}

/** Starts (or wakes) the task queue's outbox workflow; idempotent, so a retried event may kick it again. */
export function outboxKick(temporal: Client, taskQueue: string): () => Promise<void> {
  return async () => {
    await temporal.workflow.signalWithStart(NOTIFICATION_OUTBOX_WORKFLOW_TYPE, {
      workflowId: notificationOutboxWorkflowId(taskQueue),
      taskQueue,
      signal: notificationsPending,
      signalArgs: [],
    });
  };
}

/**
 * Activities of the case workflow (deadlines from the stored calendar, the read model, corrections, escalation)
 * and of the outbox workflow (webhook delivery).
 */
export class CaseActivitiesImpl implements CaseActivities, NotificationOutboxActivities {
  private readonly logger = new Logger(CaseActivitiesImpl.name);
  private readonly readModel: CaseReadModel;

  /** `kickOutbox` wakes the outbox workflow; without it (or without a webhook) rows are only written. */
  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly settings: CaseActivitySettings,
    private readonly kickOutbox: (() => Promise<void>) | null = null,
  ) {
    this.readModel = new CaseReadModel(db, cipher);
  }

  async computeDeadlines(input: Parameters<CaseActivities['computeDeadlines']>[0]): Promise<Deadlines> {
    const deadlines: Deadlines = noDeadlines();
    const openedOn = localDateOf(input.openedAt);
    // A period that ended long before the case opened needs no counting (and no calendar of a year long gone): no
    // run of days off after a last day is longer than a month.
    const signed = input.policies.filter(
      (p): p is CasePolicy & { receiptSignedDate: string } =>
        p.receiptSignedDate !== null && addCalendarDays(p.receiptSignedDate, p.coolingOffDays + 31) >= openedOn,
    );
    const dates = [
      openedOn,
      ...(input.receivedAt ? [localDateOf(input.receivedAt)] : []),
      ...signed.map((p) => p.receiptSignedDate),
    ];
    const years = dates.map((d) => Number(d.slice(0, 4)));
    const calendar = await loadCalendar(this.db.manager, Math.min(...years), Math.max(...years) + 1);
    // A year without any schedule: an admin must load it; retrying will not help until then.
    const counted = <T>(what: string, count: () => T): T => {
      try {
        return count();
      } catch (err) {
        throw ApplicationFailure.nonRetryable(
          `cannot compute the ${what}: ${(err as Error).message}`,
          FailureType.CalendarUnknown,
        );
      }
    };
    const distribution = counted('distribution deadline', () =>
      workingDayDeadline(input.openedAt, this.settings.distributionWorkingDays, calendar),
    );
    deadlines.distributionDueAt = distribution.dueAt;
    deadlines.distributionReminderAt = distribution.lastDayStartsAt;
    if (input.investigationDueOverride) {
      deadlines.investigationDueAt = new Date(input.investigationDueOverride).toISOString();
      deadlines.reminderAt = startOfLocalDay(
        localDateOf(new Date(Date.parse(input.investigationDueOverride) - 1).toISOString()),
      );
    } else if (input.receivedAt) {
      const due = counted('investigation deadline', () =>
        workingDayDeadline(input.receivedAt!, input.investigationDays, calendar),
      );
      deadlines.investigationDueAt = due.dueAt;
      deadlines.reminderAt = due.lastDayStartsAt;
    }
    // The clock of the policy whose cooling-off ends first among those still running when the case opened: a policy
    // whose period was already over had no revisit call left to protect.
    let clock: { policyNumber: string; lastDay: string; endsAt: string } | null = null;
    for (const p of signed) {
      const period = counted('cooling-off period', () =>
        coolingOffPeriod(p.receiptSignedDate, p.coolingOffDays, calendar),
      );
      if (Date.parse(period.endsAt) <= Date.parse(input.openedAt)) continue;
      if (clock === null || Date.parse(period.endsAt) < Date.parse(clock.endsAt))
        clock = { policyNumber: p.policyNumber, ...period };
    }
    if (clock) {
      const { lastDay } = clock;
      deadlines.coolingOffEndsAt = clock.endsAt;
      deadlines.coolingOffPolicy = clock.policyNumber;
      deadlines.revisitDeadlineAt = counted('revisit deadline', () =>
        endOfWorkingDayBefore(lastDay, this.settings.revisitMarginDays, calendar),
      );
    }
    return deadlines;
  }

  async recordCaseEvent(event: CaseEventRecord, notifications: CaseNotification[]): Promise<void> {
    const endpoint = this.kickOutbox ? this.settings.webhookUrl : null;
    await this.readModel.recordEvent(event, notifications, endpoint);
    // Kicked whenever the event has notifications, not only when this attempt wrote the row: a retry after a
    // failed kick finds the row already there and must still wake the delivery.
    if (endpoint && notifications.length > 0) await this.kickOutbox!();
  }

  /**
   * One delivery attempt: POSTs up to a batch of pending rows, each on its own, and records each result. Throws
   * if any failed, so Temporal retries it with backoff; `more` asks the workflow to call again at once.
   */
  async deliverPendingNotifications(): Promise<{ delivered: number; more: boolean }> {
    const endpoint = this.settings.webhookUrl;
    if (!endpoint) return { delivered: 0, more: false };
    const rows = await this.readModel.pendingOutbox(endpoint, OUTBOX_BATCH);
    let delivered = 0;
    let failure: string | null = null;
    for (const row of rows) {
      try {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(row.body),
          signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        await this.readModel.outboxDelivered(row.id);
        delivered += 1;
      } catch (err) {
        const message = (err as Error).message;
        failure ??= message;
        await this.readModel.outboxFailed(row.id, message);
        this.logger.warn(`notification webhook failed for case ${row.body.caseId}: ${message}`);
      }
    }
    if (failure)
      throw ApplicationFailure.retryable(
        `${rows.length - delivered} of ${rows.length} outbox rows not delivered: ${failure}`,
        FailureType.NotificationDeliveryFailed,
      );
    return { delivered, more: rows.length === OUTBOX_BATCH };
  }

  async applyCorrections(
    caseId: string,
    corrections: Correction[],
    actor: { userId: string; role: string },
  ): Promise<void> {
    const today = branchToday();
    await this.db.transaction(async (tx) => {
      // One claim per correction; all commit or none, so one already there means an earlier attempt applied them.
      if (await hasCorrectionsForCase(tx, caseId)) return;
      const touched = new Set<string>();
      // An ID-number correction re-links the customer: the other fields are corrected first, on the row they were found on.
      const ordered = corrections
        .map((c, position) => ({ c, position }))
        .sort((a, b) => Number(a.c.field === 'idNumber') - Number(b.c.field === 'idNumber'));
      for (const { c, position } of ordered) {
        const linked = await this.applyOne(tx, caseId, position, c, actor.userId, today);
        touched.add(c.customerId);
        touched.add(linked);
      }
      // The corrected customers' policies count as changed: the next incremental detection run compares the new
      // values against everyone else's.
      await touchPoliciesOfCustomers(tx, [...touched]);
      await appendAudit(tx, actor, {
        action: 'customer.correct',
        entityType: 'case',
        entityId: caseId,
        detail: { corrections: corrections.map((c) => ({ customerId: c.customerId, field: c.field })) },
      });
    });
  }

  /** One correction, and the old value kept in the case's history; returns the customer the person is linked to. */
  private async applyOne(
    tx: EntityManager,
    caseId: string,
    position: number,
    c: Correction,
    actorId: string,
    today: string,
  ): Promise<string> {
    const applied = await applyCustomerCorrection(tx, this.cipher, c, today);
    await recordCorrection(tx, {
      caseId,
      position,
      customerId: c.customerId,
      field: c.field,
      ...applied.history,
      correctedBy: actorId,
      linkedCustomerId: applied.linked,
    });
    return applied.linked;
  }

  async pickComplianceSupervisor(branchCode: string): Promise<string | null> {
    return this.readModel.leastLoadedSupervisor(branchCode);
  }
}
