import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import {
  recheckFindingKey,
  type CampaignActivities,
  type CampaignResult,
  type CompleteRecheckStep,
  type RecheckTaskView,
  type SubjectKind,
  type TaskBatch,
} from '../../../../libs/contracts/src/campaign.contract';
import { caseWorkflowId, type CaseNotification } from '../../../../libs/contracts/src/case.contract';
import { FailureType } from '../../../../libs/contracts/src/failures';
import { localDateOf, workingDayDeadline } from '../../../../libs/domain/src/calendar/working-calendar';
import { checkCorrections } from '../../../../libs/domain/src/case/correction';
import type { Notice } from '../../../../libs/domain/src/case/case-notifications';
import { conductNotices } from '../../../../libs/domain/src/conduct/conduct-notices';
import { checkRecheckStep } from '../../../../libs/domain/src/conduct/conduct-rules';
import { scopeCovers } from '../../../../libs/domain/src/scope';
import { appendAudit } from '../../../../libs/persistence/src/audit/audit-log';
import { loadCalendar } from '../../../../libs/persistence/src/calendar/calendar-repository';
import { casePolicies } from '../../../../libs/persistence/src/cases/case-input';
import { CaseReadModel } from '../../../../libs/persistence/src/cases/case-read-model';
import {
  appendCampaignComplaints,
  campaignTally,
  findCampaign,
  findTask,
  flagOpenTasks,
  inForcePoliciesOf,
  insertCampaign,
  insertTasks,
  markCampaignCompleted,
  markTaskDone,
  openTaskCount,
  taskPolicyNumbers,
  taskScopes,
} from '../../../../libs/persistence/src/conduct/campaigns';
import { findSubject, lockSubject } from '../../../../libs/persistence/src/conduct/subjects';
import type { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { touchPoliciesOfCustomers } from '../../../../libs/persistence/src/policies/customer-corrections';
import { customerIdsOfPolicy } from '../../../../libs/persistence/src/policies/policy-updates';
import { startCaseOnce } from '../../../../libs/temporal/src/case-start';
import { applyCustomerCorrection } from './customer-correction';

/** The campaign workflow acts on nobody's request: its audit rows name it. */
const SYSTEM = { userId: 'system', role: 'system' };

const subjectLabel = (kind: SubjectKind, code: string): string => `${kind} ${code}`;

function refused(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, FailureType.StepRefused);
}

/**
 * Activities of the re-check campaign workflow (R6): the campaign and its tasks, each re-check with its corrections
 * and the case false data opens, reminders and escalations with their notifications, and the result.
 */
export class ConductActivitiesImpl implements CampaignActivities {
  private readonly readModel: CaseReadModel;

  /** `temporal` opens the cases false data calls for; `kickOutbox` wakes the webhook delivery, as cases do. */
  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly temporal: Client,
    private readonly taskQueue: string,
    private readonly webhookUrl: string | null,
    private readonly kickOutbox: (() => Promise<void>) | null = null,
  ) {
    this.readModel = new CaseReadModel(db, cipher);
  }

  async beginCampaign(input: Parameters<CampaignActivities['beginCampaign']>[0]): Promise<TaskBatch> {
    const { batch, notices } = await this.db.transaction(async (tx) => {
      const subject = await findSubject(tx, input.subjectKind, input.subjectCode);
      if (!subject)
        throw ApplicationFailure.nonRetryable(
          `${subjectLabel(input.subjectKind, input.subjectCode)} is not in the directory`,
          FailureType.CaseInputInvalid,
        );
      await insertCampaign(tx, {
        campaignId: input.campaignId,
        subjectKind: input.subjectKind,
        subjectCode: input.subjectCode,
        channel: subject.channel,
        branchCode: subject.branchCode,
        complaintIds: input.complaintIds,
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        startedAt: input.startedAt,
      });
      const batch = await this.addRecheckTasks(tx, input.campaignId, input.startedAt, input.workingDays);
      await appendAudit(tx, SYSTEM, {
        action: 'campaign.start',
        entityType: 'recheck_campaign',
        entityId: input.campaignId,
        detail: { complaintIds: input.complaintIds, tasks: batch.created, dueAt: batch.deadline?.dueAt ?? null },
      });
      const label = subjectLabel(input.subjectKind, input.subjectCode);
      const notices = conductNotices.campaignStarted(input.campaignId, label, await taskScopes(tx, input.campaignId));
      await this.notifyCampaign(tx, input.campaignId, input.seq, 'CAMPAIGN_STARTED', notices);
      return { batch, notices };
    });
    await this.kickCampaignOutbox(notices);
    return batch;
  }

  async addCampaignComplaints(input: Parameters<CampaignActivities['addCampaignComplaints']>[0]): Promise<TaskBatch> {
    const { batch, notices } = await this.db.transaction(async (tx) => {
      await appendCampaignComplaints(tx, input.campaignId, input.complaintIds);
      const batch = input.createTasks
        ? await this.addRecheckTasks(tx, input.campaignId, input.at, input.workingDays)
        : { created: 0, open: await openTaskCount(tx, input.campaignId), deadline: null };
      await appendAudit(tx, SYSTEM, {
        action: 'campaign.complaints_added',
        entityType: 'recheck_campaign',
        entityId: input.campaignId,
        detail: { complaintIds: input.complaintIds, tasks: batch.created },
      });
      const campaign = (await findCampaign(tx, input.campaignId))!;
      const label = subjectLabel(campaign.subjectKind, campaign.subjectCode);
      const notices: Notice[] =
        batch.created > 0
          ? conductNotices.campaignStarted(input.campaignId, label, await taskScopes(tx, input.campaignId))
          : [];
      await this.notifyCampaign(tx, input.campaignId, input.seq, 'CAMPAIGN_GREW', notices);
      return { batch, notices };
    });
    await this.kickCampaignOutbox(notices);
    return batch;
  }

  /** One task per in-force policy of the subject not in the campaign yet, due N working days from `at`. */
  private async addRecheckTasks(
    tx: EntityManager,
    campaignId: string,
    at: string,
    workingDays: number,
  ): Promise<TaskBatch> {
    const campaign = (await findCampaign(tx, campaignId))!;
    const tasked = await taskPolicyNumbers(tx, campaignId);
    const policies = (await inForcePoliciesOf(tx, campaign.subjectKind, campaign.subjectCode)).filter(
      (p) => !tasked.has(p.policyNumber),
    );
    if (policies.length === 0) return { created: 0, open: await openTaskCount(tx, campaignId), deadline: null };
    const year = Number(localDateOf(at).slice(0, 4));
    const calendar = await loadCalendar(tx, year, year + 1);
    let due: ReturnType<typeof workingDayDeadline>;
    try {
      due = workingDayDeadline(at, workingDays, calendar);
    } catch (err) {
      // A year without any schedule: an admin must load it; retrying will not help until then.
      throw ApplicationFailure.nonRetryable(
        `cannot count the re-check deadline: ${(err as Error).message}`,
        FailureType.CalendarUnknown,
      );
    }
    const created = await insertTasks(tx, campaignId, policies, due.dueAt);
    return {
      created,
      open: await openTaskCount(tx, campaignId),
      deadline: { dueAt: due.dueAt, reminderAt: due.lastDayStartsAt },
    };
  }

  async recordRecheckTaskDone(
    input: Parameters<CampaignActivities['recordRecheckTaskDone']>[0],
  ): Promise<{ task: RecheckTaskView; open: number }> {
    const { step, campaignId } = input;
    const today = localDateOf(input.at);
    const { task, startCase } = await this.db.transaction(async (tx) => {
      const task = await findTask(tx, this.cipher, step.taskId, true);
      if (!task || task.campaignId !== campaignId) throw refused(`task ${step.taskId} is not a task of ${campaignId}`);
      if (!scopeCovers(step.actor, task.branchCode, task.channel))
        throw refused(`task ${step.taskId} is outside your scope`);
      if (task.state === 'DONE') {
        // A retried attempt of this very completion finds it recorded and goes on to the case; anyone else is refused.
        if (task.doneBy === step.actor.userId && task.outcome === step.outcome) return { task, startCase: true };
        throw refused(`task ${step.taskId} was done already by ${task.doneBy}: ${task.outcome}`);
      }
      const shape = checkRecheckStep(step);
      if (shape) throw refused(shape.message);
      const corrections = step.corrections ?? [];
      const customers = await customerIdsOfPolicy(tx, task.policyNumber);
      const wrong = checkCorrections(corrections, customers, today);
      if (wrong) throw refused(wrong);
      if (step.outcome === 'CORRECTED') await this.applyTaskCorrections(tx, step, task, today);
      const caseId = step.outcome === 'FALSE_DATA' ? caseWorkflowId(recheckFindingKey(task.taskId)) : null;
      await markTaskDone(tx, this.cipher, {
        taskId: task.taskId,
        outcome: step.outcome,
        revisitMade: step.revisitMade,
        revisitResult: step.revisitMade ? (step.revisitResult ?? null) : null,
        corrections: corrections.length > 0 ? corrections : null,
        caseId,
        doneBy: step.actor.userId,
        doneAt: input.at,
      });
      await appendAudit(tx, step.actor, {
        action: 'recheck.complete',
        entityType: 'recheck_task',
        entityId: task.taskId,
        detail: {
          campaignId,
          policyNumber: task.policyNumber,
          outcome: step.outcome,
          revisitMade: step.revisitMade,
          corrections: corrections.map((c) => ({ customerId: c.customerId, field: c.field })),
          caseId,
          note: step.note ?? null,
        },
      });
      return { task, startCase: true };
    });
    const done = (await findTask(this.db.manager, this.cipher, task.taskId))!;
    if (startCase && done.caseId) await this.openRecheckCase(done);
    return { task: done, open: await openTaskCount(this.db.manager, campaignId) };
  }

  /** The true data goes into the customer's record now, as a case's approval writes it (ID numbers last). */
  private async applyTaskCorrections(
    tx: EntityManager,
    step: CompleteRecheckStep,
    task: RecheckTaskView,
    today: string,
  ): Promise<void> {
    const touched = new Set<string>();
    const ordered = [...(step.corrections ?? [])].sort(
      (a, b) => Number(a.field === 'idNumber') - Number(b.field === 'idNumber'),
    );
    for (const c of ordered) {
      try {
        const { linked } = await applyCustomerCorrection(tx, this.cipher, c, today);
        touched.add(c.customerId);
        touched.add(linked);
      } catch (err) {
        if (err instanceof ApplicationFailure) throw refused(err.message);
        throw err;
      }
    }
    // The corrected customers' policies count as changed: the next detection run compares the new values.
    await touchPoliciesOfCustomers(tx, [...touched]);
    await appendAudit(tx, step.actor, {
      action: 'customer.correct',
      entityType: 'recheck_task',
      entityId: task.taskId,
      detail: { corrections: ordered.map((c) => ({ customerId: c.customerId, field: c.field })) },
    });
  }

  /** False data found by a re-check is a case (R5) of its own, started once per task, as detection starts them. */
  private async openRecheckCase(task: RecheckTaskView): Promise<void> {
    const policies = await casePolicies(this.db, [task.policyNumber]);
    if (policies.length === 0) throw new Error(`policy ${task.policyNumber} of task ${task.taskId} is not on record`);
    await startCaseOnce(this.temporal, this.taskQueue, {
      findingKey: recheckFindingKey(task.taskId),
      rule: 'RECHECK_FALSE_DATA',
      sharedValueHash: '',
      customerIds: await customerIdsOfPolicy(this.db.manager, task.policyNumber),
      policies,
      raisedBy: task.policyNumber,
    });
  }

  async remindRecheckTasks(input: { campaignId: string; dueAt: string; seq: number }): Promise<number> {
    return this.flagRecheckTasks(input, 'reminded');
  }

  async escalateRecheckTasks(input: { campaignId: string; dueAt: string; seq: number }): Promise<number> {
    return this.flagRecheckTasks(input, 'escalated');
  }

  private async flagRecheckTasks(
    input: { campaignId: string; dueAt: string; seq: number },
    flag: 'reminded' | 'escalated',
  ): Promise<number> {
    const { count, notices } = await this.db.transaction(async (tx) => {
      const scopes = await flagOpenTasks(tx, input.campaignId, input.dueAt, flag);
      const count = scopes.reduce((n, s) => n + s.count, 0);
      if (count === 0) return { count, notices: [] };
      const notices =
        flag === 'reminded'
          ? conductNotices.reminder(input.campaignId, input.dueAt, scopes)
          : conductNotices.escalated(input.campaignId, input.dueAt, scopes);
      await this.notifyCampaign(
        tx,
        input.campaignId,
        input.seq,
        flag === 'reminded' ? 'RECHECK_REMINDER' : 'RECHECK_ESCALATED',
        notices,
      );
      await appendAudit(tx, SYSTEM, {
        action: flag === 'reminded' ? 'recheck.remind' : 'recheck.escalate',
        entityType: 'recheck_campaign',
        entityId: input.campaignId,
        detail: { dueAt: input.dueAt, tasks: count },
      });
      return { count, notices };
    });
    await this.kickCampaignOutbox(notices);
    return count;
  }

  async finishCampaign(input: { campaignId: string; seq: number; at: string }): Promise<CampaignResult> {
    const { result, notices } = await this.db.transaction(async (tx) => {
      const campaign = (await findCampaign(tx, input.campaignId))!;
      // Taken as the API takes it when it decides where a verified complaint goes: a complaint is never given to a
      // campaign that finishes at the same moment without the campaign seeing it.
      await lockSubject(tx, campaign.subjectKind, campaign.subjectCode);
      const tally = await campaignTally(tx, input.campaignId);
      const finished = await markCampaignCompleted(tx, input.campaignId, tally, input.at);
      const result = finished ? tally : (campaign.result ?? tally);
      const label = subjectLabel(campaign.subjectKind, campaign.subjectCode);
      const notices = conductNotices.finished(input.campaignId, label, campaign, result);
      await this.notifyCampaign(tx, input.campaignId, input.seq, 'CAMPAIGN_FINISHED', notices);
      if (finished)
        await appendAudit(tx, SYSTEM, {
          action: 'campaign.complete',
          entityType: 'recheck_campaign',
          entityId: input.campaignId,
          detail: { ...result },
        });
      return { result, notices };
    });
    await this.kickCampaignOutbox(notices);
    return result;
  }

  private async notifyCampaign(tx: EntityManager, campaignId: string, seq: number, kind: string, notices: Notice[]) {
    const rows: Array<Omit<CaseNotification, 'caseId'>> = notices.map(([recipient, message]) => ({
      recipient,
      kind,
      message,
    }));
    await this.readModel.recordNotices(campaignId, seq, rows, this.kickOutbox ? this.webhookUrl : null, tx);
  }

  private async kickCampaignOutbox(notices: Notice[]): Promise<void> {
    if (this.kickOutbox && this.webhookUrl && notices.length > 0) await this.kickOutbox();
  }
}
