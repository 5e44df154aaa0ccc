import type { CaseInput, CaseView, Deadlines } from '../../../contracts/src/case.contract';

/** Working days the channel has to investigate (Art. 13), and after a rejection unless compliance sets a date. */
export const INVESTIGATION_WORKING_DAYS = 3;
export const RESUBMISSION_WORKING_DAYS = 1;

/** No deadline counted yet. */
export function noDeadlines(): Deadlines {
  return {
    distributionDueAt: null,
    distributionReminderAt: null,
    investigationDueAt: null,
    reminderAt: null,
    revisitDeadlineAt: null,
    coolingOffEndsAt: null,
    coolingOffPolicy: null,
  };
}

/**
 * The view of a case just opened at `openedAt`: OPEN, with nobody on it yet. The case goes to the scope of the
 * policy that raised it (the first one if `raisedBy` is none of them); the others only see it.
 */
export function initialCaseView(caseId: string, input: CaseInput, openedAt: string): CaseView {
  const raiser = input.policies.find((p) => p.policyNumber === input.raisedBy) ?? input.policies[0];
  return {
    caseId,
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
    openedAt,
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
    deadlines: noDeadlines(),
    dueAt: null,
    evidence: [],
    lastRejection: null,
    seq: 0,
  };
}
