import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  CampaignActivities,
  CampaignDeadline,
  CampaignInput,
  CampaignResult,
  CampaignStatus,
  TaskBatch,
} from '../../../../libs/contracts/src/campaign.contract';
import {
  campaignSignals,
  campaignStateQuery,
  campaignUpdates,
} from '../../../../libs/contracts/src/campaign.definitions';
import { FailureType } from '../../../../libs/contracts/src/failures';
import { checkRecheckStep } from '../../../../libs/domain/src/conduct/conduct-rules';

const acts = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The refusal an activity raised (a task done already, a correction not on record), as the Update's answer. */
function asRefusal(err: unknown): unknown {
  const cause = err instanceof Error && 'cause' in err && err.cause instanceof ApplicationFailure ? err.cause : null;
  if (cause?.nonRetryable) return ApplicationFailure.nonRetryable(cause.message, FailureType.StepRefused);
  return err;
}

/**
 * One re-check campaign (R6, Art. 14): every in-force policy of a seller or agency with 2 verified mis-selling
 * complaints in one 365-day window gets a re-check task for customer service, due in N working days, with a reminder
 * at the start of the last one and an escalation to compliance at the deadline. Customer service records each
 * re-check as an Update; one that finds false data opens a case. When no task is open the result is recorded and
 * compliance and channel management are told. A complaint that joins (a signal) is recorded, and in-force policies
 * sold since get tasks of their own. Every write is an idempotent activity; notifications are numbered by `seq`.
 */
export async function recheckCampaignWorkflow(input: CampaignInput): Promise<CampaignResult> {
  const { campaignId, workingDays } = input;
  const complaintIds = [...input.complaintIds];
  const pending: string[] = [...(input.carried?.pendingComplaintIds ?? [])];
  const deadlines: CampaignDeadline[] = (input.carried?.deadlines ?? []).map((d) => ({ ...d }));
  let seq = input.carried?.seq ?? 0;
  let open = input.carried?.open ?? 0;
  let status: CampaignStatus = 'RUNNING';
  let wake = 0;
  const inFlight = new Set<string>();

  const now = (): string => new Date().toISOString(); // workflow time: deterministic on replay
  const nextSeq = (): number => (seq += 1);
  const take = (batch: TaskBatch): void => {
    open = batch.open;
    const d = batch.deadline;
    if (d && !deadlines.some((x) => x.dueAt === d.dueAt)) deadlines.push({ ...d, reminded: false, escalated: false });
    wake += 1;
  };

  setHandler(campaignStateQuery, () => ({ campaignId, status, complaintIds, open, deadlines }));

  setHandler(campaignSignals.complaintsAdded, ({ complaintIds: ids }) => {
    for (const id of ids) if (!complaintIds.includes(id) && !pending.includes(id)) pending.push(id);
    wake += 1;
  });

  setHandler(
    campaignUpdates.completeTask,
    async (step) => {
      inFlight.add(step.taskId);
      try {
        const done = await acts.recordRecheckTaskDone({ campaignId, step, at: now() });
        open = done.open;
        return done.task;
      } catch (err) {
        throw asRefusal(err);
      } finally {
        inFlight.delete(step.taskId);
        wake += 1;
      }
    },
    {
      validator: (step) => {
        const refuse = (reason: string): never => {
          throw ApplicationFailure.nonRetryable(reason, FailureType.StepRefused);
        };
        if (step.actor?.role !== 'customer_service')
          refuse(`role ${step.actor?.role} may not do this; allowed: customer_service`);
        if (status !== 'RUNNING') refuse(`campaign ${campaignId} is finished`);
        if (inFlight.has(step.taskId)) refuse(`task ${step.taskId} is being recorded; try again`);
        const shape = checkRecheckStep(step);
        if (shape) refuse(shape.message);
      },
    },
  );

  if (!input.carried) {
    const { subjectKind, subjectCode, windowStart, windowEnd } = input;
    const start = { campaignId, subjectKind, subjectCode, complaintIds, windowStart, windowEnd, workingDays };
    take(await acts.beginCampaign({ ...start, startedAt: now(), seq: nextSeq() }));
  }

  for (;;) {
    if (pending.length > 0) {
      const ids = pending.splice(0);
      take(
        await acts.addCampaignComplaints({
          campaignId,
          complaintIds: ids,
          at: now(),
          workingDays,
          createTasks: true,
          seq: nextSeq(),
        }),
      );
      complaintIds.push(...ids);
      continue;
    }
    if (open === 0 && inFlight.size === 0) break;
    if (workflowInfo().continueAsNewSuggested && inFlight.size === 0) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof recheckCampaignWorkflow>({
        ...input,
        complaintIds,
        carried: { seq, open, deadlines, pendingComplaintIds: pending },
      });
    }
    const next = nextTimer(deadlines);
    const seen = wake;
    const woken = (): boolean => wake !== seen;
    if (!next) {
      await condition(woken);
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(woken, wait))) continue;
    if (next.kind === 'reminder') {
      next.deadline.reminded = true;
      await acts.remindRecheckTasks({ campaignId, dueAt: next.deadline.dueAt, seq: nextSeq() });
    } else {
      next.deadline.escalated = true;
      await acts.escalateRecheckTasks({ campaignId, dueAt: next.deadline.dueAt, seq: nextSeq() });
    }
  }

  status = 'COMPLETED';
  const result = await acts.finishCampaign({ campaignId, seq: nextSeq(), at: now() });
  // A complaint given to the campaign while it was finishing is recorded with it; no task is added any more.
  await condition(allHandlersFinished);
  if (pending.length > 0) {
    const ids = pending.splice(0);
    await acts.addCampaignComplaints({
      campaignId,
      complaintIds: ids,
      at: now(),
      workingDays,
      createTasks: false,
      seq: nextSeq(),
    });
    complaintIds.push(...ids);
  }
  log.info('re-check campaign finished', { campaignId, ...result });
  return result;
}

/** The earliest reminder or escalation not yet fired. */
function nextTimer(
  deadlines: CampaignDeadline[],
): { kind: 'reminder' | 'escalation'; at: string; deadline: CampaignDeadline } | null {
  let best: { kind: 'reminder' | 'escalation'; at: string; deadline: CampaignDeadline } | null = null;
  for (const d of deadlines) {
    const candidate = !d.reminded
      ? { kind: 'reminder' as const, at: d.reminderAt, deadline: d }
      : !d.escalated
        ? { kind: 'escalation' as const, at: d.dueAt, deadline: d }
        : null;
    if (candidate && (best === null || Date.parse(candidate.at) < Date.parse(best.at))) best = candidate;
  }
  return best;
}
