import { allHandlersFinished, ApplicationFailure, condition, log, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities, CaseInput, CaseNotification, CaseView } from '../../../../libs/contracts/src/case.contract';
import { caseSignals, caseUpdates, caseViewQuery } from '../../../../libs/contracts/src/case.definitions';
import * as rules from '../../../../libs/domain/src/case/case-rules';
import { localDateOf } from '../../../../libs/domain/src/calendar/working-calendar';
import { isRealIsoDate } from '../../../../libs/domain/src/common/iso-date';

// Short database reads and writes run as local activities: in the worker, inside the workflow task, without a
// round trip through the server per call (a case step then costs one workflow task instead of three).
const local = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const acts = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Working days the channel has to investigate (Art. 13), and after a rejection unless compliance sets a date. */
export const INVESTIGATION_WORKING_DAYS = 3;
export const RESUBMISSION_WORKING_DAYS = 1;

type TimerKind = 'distributionReminder' | 'distributionDue' | 'reminder' | 'investigationDue' | 'revisitDeadline' | 'coolingOffEnd';

/**
 * One suspicious finding, from OPEN to CLOSED (R5). People move it with Updates whose validators refuse a wrong
 * step before anything changes; timers move it when people don't. Every change is written to the read model
 * (cases, case_events) by an activity, numbered so a replayed write is a no-op.
 */
export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  if (input.policies.length === 0) throw ApplicationFailure.nonRetryable('a case needs at least one policy', 'CaseInputInvalid');
  // The case goes to the scope of the policy that raised it; the others only see it.
  const raiser = input.policies.find((p) => p.policyNumber === input.raisedBy) ?? input.policies[0];
  const view: CaseView = {
    caseId: workflowInfo().workflowId,
    findingKey: input.findingKey,
    state: 'OPEN',
    rule: input.rule,
    channel: raiser.channel,
    branchCode: raiser.branchCode,
    sellerCode: raiser.sellerCode,
    customerIds: [...input.customerIds],
    policies: input.policies.map((p) => ({ ...p })),
    policyNumbers: input.policies.map((p) => p.policyNumber),
    raisedBy: raiser.policyNumber,
    openedAt: new Date().toISOString(), // workflow time: deterministic on replay
    assigneeId: null,
    investigators: [],
    takenOverByCustomerService: false,
    assistRequested: false,
    complianceSupervisorId: null,
    escalated: false,
    urgent: false,
    coolingOffBreached: false,
    reminderSent: false,
    outcome: null,
    submission: null,
    deadlines: {
      distributionDueAt: null, distributionReminderAt: null, investigationDueAt: null, reminderAt: null,
      revisitDeadlineAt: null, coolingOffEndsAt: null, coolingOffPolicy: null,
    },
    dueAt: null,
    evidence: [],
    lastRejection: null,
    seq: 0,
  };
  // The investigation clock: started when the channel receives the case, restarted by a rejection.
  let clockStartedAt: string | null = null;
  let clockDays = INVESTIGATION_WORKING_DAYS;
  let dueOverride: string | null = null;
  let deadlineGeneration = 0;
  let appliedGeneration = 0;
  let opened = false;
  let wake = 0;
  const fired = new Map<TimerKind, string>();

  const now = (): string => new Date().toISOString(); // workflow time: deterministic on replay
  // structuredClone is not in the workflow sandbox; the view is plain JSON anyway.
  const snapshot = (): CaseView => JSON.parse(JSON.stringify(view)) as CaseView;
  const mailbox = (role: string): string => `${role}@${view.branchCode}/${view.channel}`;
  const addInvestigator = (userId: string): void => {
    if (!view.investigators.includes(userId)) view.investigators.push(userId);
  };
  const refuse = (reason: string | null): void => {
    if (reason) throw ApplicationFailure.nonRetryable(reason, 'StepRefused');
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
      const cause = err instanceof Error && 'cause' in err && err.cause instanceof Error ? err.cause.message : (err as Error).message;
      throw ApplicationFailure.nonRetryable(`${step} failed, nothing changed: ${cause}`, 'StepRefused');
    } finally {
      busyWith = null;
    }
  }

  async function record(type: string, actorId: string, detail: Record<string, unknown>, notify: Array<[string, string]> = []): Promise<CaseView> {
    // A step sent with the start (same workflow task) waits for OPENED, so the timeline always begins with it.
    if (type !== 'OPENED') await condition(() => opened);
    view.seq += 1;
    if (type === 'OPENED') opened = true;
    view.dueAt = rules.earliestDue(view);
    const event = { caseId: view.caseId, seq: view.seq, type, actorId, at: now(), detail, view: snapshot() };
    const notifications: CaseNotification[] = notify.map(([recipient, message]) => ({ caseId: view.caseId, recipient, kind: type, message }));
    await local.recordCaseEvent(event, notifications);
    return event.view;
  }

  /** Recomputes every deadline from the calendar; a newer computation always wins over a slower older one. */
  async function refreshDeadlines(): Promise<void> {
    const generation = ++deadlineGeneration;
    const deadlines = await local.computeDeadlines({
      openedAt: view.openedAt,
      receivedAt: clockStartedAt,
      investigationDays: clockDays,
      investigationDueOverride: dueOverride,
      policies: view.policies,
    });
    // Only an older result is dropped: a superseded caller still finds deadlines at least as new as its own inputs.
    if (generation < appliedGeneration) return;
    appliedGeneration = generation;
    view.deadlines = deadlines;
    view.dueAt = rules.earliestDue(view);
    wake += 1;
  }

  /** Computes the deadlines of a clock started now; nothing is changed if the calendar cannot count them. */
  async function newClock(days: number, override: string | null): Promise<() => void> {
    const startedAt = now();
    const deadlines = await local.computeDeadlines({
      openedAt: view.openedAt,
      receivedAt: startedAt,
      investigationDays: days,
      investigationDueOverride: override,
      policies: view.policies,
    });
    return () => {
      clockStartedAt = startedAt;
      clockDays = days;
      dueOverride = override;
      appliedGeneration = ++deadlineGeneration; // any older computation still in flight is dropped
      view.deadlines = deadlines;
      view.dueAt = rules.earliestDue(view);
      wake += 1;
    };
  }

  setHandler(caseViewQuery, () => view);

  setHandler(caseUpdates.distribute, async (step) => {
    const applyClock = await holding('distribute', () => newClock(INVESTIGATION_WORKING_DAYS, null));
    view.state = 'DISTRIBUTED';
    view.branchCode = step.branchCode ?? view.branchCode;
    view.channel = step.channel ?? view.channel;
    applyClock();
    return record('DISTRIBUTED', step.actor.userId, { branchCode: view.branchCode, channel: view.channel }, [
      [mailbox('team_leader'), `case ${view.caseId} distributed to your team; due ${view.deadlines.investigationDueAt}`],
      [mailbox('back_office'), `case ${view.caseId} waits to be claimed`],
    ]);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkDistribute(view, step)) });

  const startInvestigation = (assigneeId: string): void => {
    view.state = 'INVESTIGATING';
    view.assigneeId = assigneeId;
    addInvestigator(assigneeId);
  };

  setHandler(caseUpdates.assign, async (step) => {
    startInvestigation(step.assigneeId);
    return record('ASSIGNED', step.actor.userId, { assigneeId: step.assigneeId }, [[step.assigneeId, `case ${view.caseId} assigned to you`]]);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkAssign(view, step)) });

  setHandler(caseUpdates.claim, async (step) => {
    startInvestigation(step.actor.userId);
    return record('CLAIMED', step.actor.userId, {}, [[mailbox('team_leader'), `case ${view.caseId} claimed by ${step.actor.userId}`]]);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkClaim(view, step)) });

  setHandler(caseUpdates.attachEvidence, async (step) => {
    view.evidence.push(step.evidence);
    addInvestigator(step.actor.userId);
    return record('EVIDENCE_ADDED', step.actor.userId, { evidenceId: step.evidence.evidenceId, type: step.evidence.type, sha256: step.evidence.sha256 });
  }, { validator: (step) => refuse(notBusy() ?? rules.checkAttachEvidence(view, step)) });

  setHandler(caseUpdates.requestAssist, async (step) => {
    view.assistRequested = true;
    return record('ASSIST_REQUESTED', step.actor.userId, { kind: step.kind, note: step.note }, [
      [mailbox('customer_service'), `case ${view.caseId}: ${step.kind} requested`],
    ]);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkRequestAssist(view, step)) });

  setHandler(caseUpdates.recordAssist, async (step) => {
    view.assistRequested = false;
    addInvestigator(step.actor.userId);
    return record('ASSIST_RECORDED', step.actor.userId, { result: step.result }, view.assigneeId ? [[view.assigneeId, `case ${view.caseId}: customer service recorded its result`]] : []);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkRecordAssist(view, step)) });

  setHandler(caseUpdates.takeOver, async (step) => {
    const previous = view.assigneeId;
    view.takenOverByCustomerService = true;
    startInvestigation(step.actor.userId);
    return record('TAKEN_OVER', step.actor.userId, { previous, reason: step.reason }, previous ? [[previous, `case ${view.caseId} taken over by customer service`]] : []);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkTakeOver(view, step)) });

  setHandler(caseUpdates.reassign, async (step) => {
    const previous = view.assigneeId;
    startInvestigation(step.assigneeId);
    return record('REASSIGNED', step.actor.userId, { previous, assigneeId: step.assigneeId, reason: step.reason }, [
      [step.assigneeId, `case ${view.caseId} reassigned to you: ${step.reason}`],
    ]);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkReassign(view, step)) });

  setHandler(caseUpdates.submit, async (step) => {
    const { actor, ...result } = step;
    view.state = 'PENDING_APPROVAL';
    view.submission = { ...result, submittedBy: actor.userId };
    addInvestigator(actor.userId);
    view.dueAt = rules.earliestDue(view);
    wake += 1;
    return record('SUBMITTED', actor.userId, { outcome: step.outcome, corrections: step.corrections?.length ?? 0, policyCancelled: step.policyCancelled ?? false }, [[mailbox('compliance'), `case ${view.caseId} waits for verification: ${step.outcome}`]]);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkSubmit(view, step, localDateOf(now()))) });

  setHandler(caseUpdates.approve, async (step) => {
    const submission = view.submission!;
    // The verified corrections reach the customers' records first; if they cannot, the case stays to be decided.
    const corrections = submission.corrections ?? [];
    if (corrections.length > 0) {
      await holding('approve', () => acts.applyCorrections(view.caseId, corrections, { userId: step.actor.userId, role: step.actor.role }));
    }
    view.state = 'CLOSED';
    view.outcome = submission.outcome;
    wake += 1;
    return record('CLOSED', step.actor.userId, {
      outcome: submission.outcome, note: step.note ?? null, corrections: corrections.length, policyCancelled: submission.policyCancelled ?? false,
    }, [
      ...(view.assigneeId ? [[view.assigneeId, `case ${view.caseId} closed: ${submission.outcome}`] as [string, string]] : []),
      [mailbox('team_leader'), `case ${view.caseId} closed: ${submission.outcome}`],
    ]);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkApprove(view, step)) });

  setHandler(caseUpdates.reject, async (step) => {
    const applyClock = await holding('reject', () => newClock(RESUBMISSION_WORKING_DAYS, step.newDueAt ?? null));
    view.state = 'INVESTIGATING';
    view.lastRejection = step.reason;
    view.submission = null;
    applyClock();
    return record('REJECTED', step.actor.userId, { reason: step.reason, dueAt: view.deadlines.investigationDueAt }, view.assigneeId ? [
      [view.assigneeId, `case ${view.caseId} sent back: ${step.reason}; due ${view.deadlines.investigationDueAt}`],
    ] : []);
  }, { validator: (step) => refuse(notBusy() ?? rules.checkReject(view, step)) });

  setHandler(caseSignals.calendarChanged, async () => {
    await refreshDeadlines();
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
    await refreshDeadlines();
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
    if (newPolicies.length > 0) await refreshDeadlines();
    await record('PARTIES_JOINED', 'system', { customerIds: newCustomers, policyNumbers: newPolicies.map((p) => p.policyNumber), deadlines: view.deadlines },
      view.assigneeId ? [[view.assigneeId, `case ${view.caseId}: ${newCustomers.length} more customer(s) share the value`]] : []);
  });

  function nextTimer(): { kind: TimerKind; at: string } | null {
    const d = view.deadlines;
    const open = view.state !== 'CLOSED';
    const withChannel = view.state === 'DISTRIBUTED' || view.state === 'INVESTIGATING';
    const candidates: Array<{ kind: TimerKind; at: string | null; applies: boolean }> = [
      { kind: 'distributionReminder', at: d.distributionReminderAt, applies: view.state === 'OPEN' },
      { kind: 'distributionDue', at: d.distributionDueAt, applies: view.state === 'OPEN' },
      { kind: 'reminder', at: d.reminderAt, applies: withChannel },
      { kind: 'investigationDue', at: d.investigationDueAt, applies: withChannel },
      { kind: 'revisitDeadline', at: d.revisitDeadlineAt, applies: open },
      { kind: 'coolingOffEnd', at: d.coolingOffEndsAt, applies: open },
    ];
    const armed = candidates.filter((c): c is { kind: TimerKind; at: string; applies: boolean } => c.applies && c.at !== null && fired.get(c.kind) !== c.at);
    if (armed.length === 0) return null;
    return armed.reduce((a, b) => (Date.parse(a.at) <= Date.parse(b.at) ? a : b));
  }

  async function fire(kind: TimerKind, at: string): Promise<void> {
    fired.set(kind, at);
    switch (kind) {
      case 'distributionReminder':
        await record('DISTRIBUTION_REMINDER', 'system', { dueAt: view.deadlines.distributionDueAt }, [
          [mailbox('customer_service'), `case ${view.caseId} must be distributed by ${view.deadlines.distributionDueAt}`],
        ]);
        return;
      case 'distributionDue': {
        view.escalated = true;
        view.complianceSupervisorId = await local.pickComplianceSupervisor(view.branchCode);
        await record('DISTRIBUTION_ESCALATED', 'system', { dueAt: at, complianceSupervisorId: view.complianceSupervisorId }, [
          [view.complianceSupervisorId ?? mailbox('compliance'), `case ${view.caseId} was not distributed by ${at}`],
        ]);
        return;
      }
      case 'reminder':
        view.reminderSent = true;
        await record('REMINDER', 'system', { dueAt: view.deadlines.investigationDueAt }, [
          ...(view.assigneeId ? [[view.assigneeId, `case ${view.caseId} is due ${view.deadlines.investigationDueAt}`] as [string, string]] : []),
          [mailbox('team_leader'), `case ${view.caseId} is due ${view.deadlines.investigationDueAt}`],
        ]);
        return;
      case 'investigationDue': {
        view.escalated = true;
        view.complianceSupervisorId = await local.pickComplianceSupervisor(view.branchCode);
        await record('ESCALATED', 'system', { dueAt: at, complianceSupervisorId: view.complianceSupervisorId }, [
          [view.complianceSupervisorId ?? mailbox('compliance'), `case ${view.caseId} missed its investigation deadline ${at}`],
          [mailbox('channel_manager'), `case ${view.caseId} missed its investigation deadline ${at}`],
        ]);
        return;
      }
      case 'revisitDeadline':
        view.urgent = true;
        await record('URGENT_ESCALATION', 'system', { revisitDeadlineAt: at }, [
          [view.complianceSupervisorId ?? mailbox('compliance'), `case ${view.caseId} is still open at the revisit deadline ${at}`],
          [mailbox('customer_service'), `case ${view.caseId} is still open at the revisit deadline ${at}`],
        ]);
        return;
      case 'coolingOffEnd':
        view.coolingOffBreached = true;
        await record('COOLING_OFF_BREACHED', 'system', { coolingOffEndsAt: at }, [[mailbox('compliance'), `case ${view.caseId} outlived the cooling-off period`]]);
        return;
    }
  }

  await refreshDeadlines();
  await record('OPENED', 'system', { rule: input.rule, policies: view.policyNumbers, raisedBy: view.raisedBy }, [[mailbox('customer_service'), `new case ${view.caseId} (${input.rule})`]]);

  // Sleep until the earliest armed deadline or until something changes; a moved deadline simply re-arms.
  while (view.state !== 'CLOSED') {
    const next = nextTimer();
    const seen = wake;
    if (!next) {
      await condition(() => wake !== seen || view.state === 'CLOSED');
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(() => wake !== seen || view.state === 'CLOSED', wait))) continue;
    // Handlers may have closed the case while we waited; TypeScript cannot see that through the await.
    if ((view.state as CaseView['state']) === 'CLOSED') break;
    await fire(next.kind, next.at);
  }
  await condition(allHandlersFinished);
  log.info('case closed', { caseId: view.caseId, outcome: view.outcome });
  return view;
}
