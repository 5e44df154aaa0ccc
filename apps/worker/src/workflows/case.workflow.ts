import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  CaseActivities,
  CaseInput,
  CaseNotification,
  CaseView,
} from '../../../../libs/contracts/src/case.contract';
import {
  caseSignals,
  caseUpdates,
  caseViewQuery,
  type CaseStepDefinition,
  type CaseStepName,
  type CaseStepOf,
} from '../../../../libs/contracts/src/case.definitions';
import { FailureType } from '../../../../libs/contracts/src/failures';
import { localDateOf } from '../../../../libs/domain/src/calendar/working-calendar';
import { caseNotices, type Notice } from '../../../../libs/domain/src/case/case-notifications';
import * as rules from '../../../../libs/domain/src/case/case-rules';
import type { TimerKind } from '../../../../libs/domain/src/case/case-timers';
import {
  initialCaseView,
  INVESTIGATION_WORKING_DAYS,
  RESUBMISSION_WORKING_DAYS,
} from '../../../../libs/domain/src/case/case-view';
import { isRealIsoDate } from '../../../../libs/domain/src/common/iso-date';
import { CaseClock } from './case-clock';

// Short database reads and writes run as local activities: in the worker, inside the workflow task, without a
// round trip through the server per call (a case step then costs one workflow task instead of three).
const local = oneAtATime(
  proxyLocalActivities<CaseActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  }),
);
const acts = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * The activities, each call waiting for the one before to finish. Two local activities in flight at once (the
 * start-up's deadline computation and an Update sent with the start, say) finish in whatever order the worker runs
 * them, and a new worker replaying the history resolves them together: the continuations then run in another order
 * (the timer started before the Update completed) and the case can never be replayed (TMPRL1100). One at a time,
 * every resolution is its own activation and the replay issues the commands in the order the history has them.
 */
function oneAtATime<T extends object>(activities: T): T {
  let last: Promise<unknown> = Promise.resolve();
  return new Proxy(activities, {
    get(target, name) {
      const call = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => {
        const run = last.then(() => call(...args));
        last = run.catch(() => undefined);
        return run;
      };
    },
  });
}

/** Each Update (by its name in `caseUpdates`): the validator's refusal reason (null: accepted), then the change. */
type StepTable = {
  [K in CaseStepName]: {
    validate: (step: CaseStepOf<K>) => string | null;
    apply: (step: CaseStepOf<K>) => Promise<CaseView>;
  };
};

/**
 * One suspicious finding, from OPEN to CLOSED (R5). People move it with Updates whose validators refuse a wrong
 * step before anything changes; timers move it when people don't. Every change is written to the read model
 * (cases, case_events) by an activity, numbered so a replayed write is a no-op.
 */
export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  if (input.policies.length === 0)
    throw ApplicationFailure.nonRetryable('a case needs at least one policy', FailureType.CaseInputInvalid);
  const view = initialCaseView(workflowInfo().workflowId, input, new Date().toISOString()); // workflow time: deterministic on replay
  const clock = new CaseClock(view, local.computeDeadlines, INVESTIGATION_WORKING_DAYS);
  let opened = false;

  const now = (): string => new Date().toISOString(); // workflow time: deterministic on replay
  // structuredClone is not in the workflow sandbox; the view is plain JSON anyway.
  const snapshot = (): CaseView => JSON.parse(JSON.stringify(view)) as CaseView;
  const addInvestigator = (userId: string): void => {
    if (!view.investigators.includes(userId)) view.investigators.push(userId);
  };
  const startInvestigation = (assigneeId: string): void => {
    view.state = 'INVESTIGATING';
    view.assigneeId = assigneeId;
    addInvestigator(assigneeId);
  };
  const refuse = (reason: string | null): void => {
    if (reason) throw ApplicationFailure.nonRetryable(reason, FailureType.StepRefused);
  };
  // A step that must reach the database before it changes the case (distribute, reject, approve) holds the case:
  // other steps are refused meanwhile, so no validator passes on a state that is about to change.
  let busyWith: string | null = null;
  const notBusy = (): string | null => (busyWith ? `the case is busy with ${busyWith}; try again` : null);
  async function holding<T>(step: string, work: () => Promise<T>): Promise<T> {
    busyWith = step;
    try {
      return await work();
    } catch (err) {
      const cause =
        err instanceof Error && 'cause' in err && err.cause instanceof Error
          ? err.cause.message
          : (err as Error).message;
      throw ApplicationFailure.nonRetryable(`${step} failed, nothing changed: ${cause}`, FailureType.StepRefused);
    } finally {
      busyWith = null;
    }
  }

  async function record(
    type: string,
    actorId: string,
    detail: Record<string, unknown>,
    notify: Notice[] = [],
  ): Promise<CaseView> {
    // A step sent with the start (same workflow task) waits for OPENED, so the timeline always begins with it.
    if (type !== 'OPENED') await condition(() => opened);
    view.seq += 1;
    if (type === 'OPENED') opened = true;
    view.dueAt = rules.earliestDue(view);
    const event = { caseId: view.caseId, seq: view.seq, type, actorId, at: now(), detail, view: snapshot() };
    const notifications: CaseNotification[] = notify.map(([recipient, message]) => ({
      caseId: view.caseId,
      recipient,
      kind: type,
      message,
    }));
    await local.recordCaseEvent(event, notifications);
    return event.view;
  }

  const steps: StepTable = {
    distribute: {
      validate: (step) => rules.checkDistribute(view, step),
      apply: async (step) => {
        const applyClock = await holding('distribute', () => clock.restart(INVESTIGATION_WORKING_DAYS, null));
        view.state = 'DISTRIBUTED';
        view.branchCode = step.branchCode ?? view.branchCode;
        view.channel = step.channel ?? view.channel;
        applyClock();
        return record(
          'DISTRIBUTED',
          step.actor.userId,
          { branchCode: view.branchCode, channel: view.channel },
          caseNotices.distributed(view),
        );
      },
    },
    assign: {
      validate: (step) => rules.checkAssign(view, step),
      apply: async (step) => {
        startInvestigation(step.assigneeId);
        return record(
          'ASSIGNED',
          step.actor.userId,
          { assigneeId: step.assigneeId },
          caseNotices.assigned(view, step.assigneeId),
        );
      },
    },
    claim: {
      validate: (step) => rules.checkClaim(view, step),
      apply: async (step) => {
        startInvestigation(step.actor.userId);
        return record('CLAIMED', step.actor.userId, {}, caseNotices.claimed(view, step.actor.userId));
      },
    },
    attachEvidence: {
      validate: (step) => rules.checkAttachEvidence(view, step),
      apply: async (step) => {
        view.evidence.push(step.evidence);
        addInvestigator(step.actor.userId);
        return record('EVIDENCE_ADDED', step.actor.userId, {
          evidenceId: step.evidence.evidenceId,
          type: step.evidence.type,
          sha256: step.evidence.sha256,
        });
      },
    },
    requestAssist: {
      validate: (step) => rules.checkRequestAssist(view, step),
      apply: async (step) => {
        view.assistRequested = true;
        return record(
          'ASSIST_REQUESTED',
          step.actor.userId,
          { kind: step.kind, note: step.note },
          caseNotices.assistRequested(view, step.kind),
        );
      },
    },
    recordAssist: {
      validate: (step) => rules.checkRecordAssist(view, step),
      apply: async (step) => {
        view.assistRequested = false;
        addInvestigator(step.actor.userId);
        return record('ASSIST_RECORDED', step.actor.userId, { result: step.result }, caseNotices.assistRecorded(view));
      },
    },
    takeOver: {
      validate: (step) => rules.checkTakeOver(view, step),
      apply: async (step) => {
        const previous = view.assigneeId;
        view.takenOverByCustomerService = true;
        startInvestigation(step.actor.userId);
        return record(
          'TAKEN_OVER',
          step.actor.userId,
          { previous, reason: step.reason },
          caseNotices.takenOver(view, previous),
        );
      },
    },
    reassign: {
      validate: (step) => rules.checkReassign(view, step),
      apply: async (step) => {
        const previous = view.assigneeId;
        startInvestigation(step.assigneeId);
        return record(
          'REASSIGNED',
          step.actor.userId,
          { previous, assigneeId: step.assigneeId, reason: step.reason },
          caseNotices.reassigned(view, step.assigneeId, step.reason),
        );
      },
    },
    submit: {
      validate: (step) => rules.checkSubmit(view, step, localDateOf(now())),
      apply: async (step) => {
        const { actor, ...result } = step;
        view.state = 'PENDING_APPROVAL';
        view.submission = { ...result, submittedBy: actor.userId };
        addInvestigator(actor.userId);
        clock.stateChanged();
        return record(
          'SUBMITTED',
          actor.userId,
          {
            outcome: step.outcome,
            corrections: step.corrections?.length ?? 0,
            policyCancelled: step.policyCancelled ?? false,
          },
          caseNotices.submitted(view, step.outcome),
        );
      },
    },
    approve: {
      validate: (step) => rules.checkApprove(view, step),
      apply: async (step) => {
        const submission = view.submission!;
        // The verified corrections reach the customers' records first; if they cannot, the case stays to be decided.
        const corrections = submission.corrections ?? [];
        if (corrections.length > 0) {
          await holding('approve', () =>
            acts.applyCorrections(view.caseId, corrections, { userId: step.actor.userId, role: step.actor.role }),
          );
        }
        view.state = 'CLOSED';
        view.outcome = submission.outcome;
        clock.stateChanged();
        return record(
          'CLOSED',
          step.actor.userId,
          {
            outcome: submission.outcome,
            note: step.note ?? null,
            corrections: corrections.length,
            policyCancelled: submission.policyCancelled ?? false,
          },
          caseNotices.closed(view, submission.outcome),
        );
      },
    },
    reject: {
      validate: (step) => rules.checkReject(view, step),
      apply: async (step) => {
        const applyClock = await holding('reject', () =>
          clock.restart(RESUBMISSION_WORKING_DAYS, step.newDueAt ?? null),
        );
        view.state = 'INVESTIGATING';
        view.lastRejection = step.reason;
        view.submission = null;
        applyClock();
        return record(
          'REJECTED',
          step.actor.userId,
          { reason: step.reason, dueAt: view.deadlines.investigationDueAt },
          caseNotices.rejected(view, step.reason),
        );
      },
    },
  };

  function register<K extends CaseStepName>(name: K): void {
    const { validate, apply } = steps[name];
    // One handler per Update; TypeScript cannot narrow `caseUpdates[name]` to the K-th definition by itself.
    const update = caseUpdates[name] as unknown as CaseStepDefinition<K>;
    setHandler(update, apply, { validator: (step) => refuse(notBusy() ?? validate(step)) });
  }

  setHandler(caseViewQuery, () => view);
  for (const name of Object.keys(steps) as CaseStepName[]) register(name);

  setHandler(caseSignals.calendarChanged, async () => {
    await clock.refresh();
    await record('DEADLINES_RECOMPUTED', 'system', { deadlines: view.deadlines });
  });

  setHandler(caseSignals.receiptSigned, async ({ policyNumber, date }) => {
    const policy = view.policies.find((p) => p.policyNumber === policyNumber);
    if (!policy) {
      log.warn('receiptSigned ignored: not a policy of this case', { caseId: view.caseId, policyNumber });
      return;
    }
    if (policy.receiptSignedDate === date) return;
    // A date the calendar cannot count from would make every later deadline computation fail and retry forever.
    if (typeof date !== 'string' || !isRealIsoDate(date)) {
      log.warn('receiptSigned ignored: not a YYYY-MM-DD date', { caseId: view.caseId, date });
      return;
    }
    policy.receiptSignedDate = date;
    await clock.refresh();
    await record('RECEIPT_SIGNED', 'system', { policyNumber, date, deadlines: view.deadlines });
  });

  setHandler(caseSignals.partiesJoined, async ({ customerIds, policies }) => {
    const newCustomers = customerIds.filter((c) => !view.customerIds.includes(c));
    const newPolicies = policies.filter((p) => !view.policyNumbers.includes(p.policyNumber));
    if (newCustomers.length === 0 && newPolicies.length === 0) return;
    view.customerIds.push(...newCustomers);
    view.policies.push(...newPolicies.map((p) => ({ ...p })));
    view.policyNumbers = view.policies.map((p) => p.policyNumber);
    // A joining policy whose cooling-off ends sooner pulls the revisit deadline forward.
    if (newPolicies.length > 0) await clock.refresh();
    await record(
      'PARTIES_JOINED',
      'system',
      { customerIds: newCustomers, policyNumbers: newPolicies.map((p) => p.policyNumber), deadlines: view.deadlines },
      caseNotices.partiesJoined(view, newCustomers.length),
    );
  });

  /** A deadline passed while the case was still in a state it applies to. */
  async function fire(kind: TimerKind, at: string): Promise<void> {
    switch (kind) {
      case 'distributionReminder':
        await record(
          'DISTRIBUTION_REMINDER',
          'system',
          { dueAt: view.deadlines.distributionDueAt },
          caseNotices.distributionReminder(view),
        );
        return;
      case 'distributionDue':
        view.escalated = true;
        view.complianceSupervisorId = await local.pickComplianceSupervisor(view.branchCode);
        await record(
          'DISTRIBUTION_ESCALATED',
          'system',
          { dueAt: at, complianceSupervisorId: view.complianceSupervisorId },
          caseNotices.distributionEscalated(view, at),
        );
        return;
      case 'reminder':
        view.reminderSent = true;
        await record('REMINDER', 'system', { dueAt: view.deadlines.investigationDueAt }, caseNotices.reminder(view));
        return;
      case 'investigationDue':
        view.escalated = true;
        view.complianceSupervisorId = await local.pickComplianceSupervisor(view.branchCode);
        await record(
          'ESCALATED',
          'system',
          { dueAt: at, complianceSupervisorId: view.complianceSupervisorId },
          caseNotices.escalated(view, at),
        );
        return;
      case 'revisitDeadline':
        view.urgent = true;
        await record('URGENT_ESCALATION', 'system', { revisitDeadlineAt: at }, caseNotices.urgent(view, at));
        return;
      case 'coolingOffEnd':
        view.coolingOffBreached = true;
        await record('COOLING_OFF_BREACHED', 'system', { coolingOffEndsAt: at }, caseNotices.coolingOffBreached(view));
        return;
    }
  }

  await clock.refresh();
  await record(
    'OPENED',
    'system',
    { rule: input.rule, policies: view.policyNumbers, raisedBy: view.raisedBy },
    caseNotices.opened(view),
  );
  await clock.run(fire);
  await condition(allHandlersFinished);
  log.info('case closed', { caseId: view.caseId, outcome: view.outcome });
  return view;
}
