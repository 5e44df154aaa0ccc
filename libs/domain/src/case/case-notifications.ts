import type { CaseView } from '../../../contracts/src/case.contract';
import { mailbox } from './mailbox';

/**
 * Who is told what at each case event: [recipient, message] pairs, each recipient a user id or a role mailbox in
 * the case's responsible scope. Computed from the view after the event's change.
 */
export type Notice = [recipient: string, message: string];

const box = (v: CaseView, role: string): string => mailbox(role, v.branchCode, v.channel);
const toAssignee = (v: CaseView, message: string): Notice[] => (v.assigneeId ? [[v.assigneeId, message]] : []);
/** The escalation's supervisor once one was picked, else the compliance mailbox. */
const supervisor = (v: CaseView): string => v.complianceSupervisorId ?? box(v, 'compliance');

function penaltyProposed(v: CaseView): Notice[] {
  const seller = v.submission?.responsibleSellerCode?.trim();
  const agency = v.submission?.responsibleAgencyCode?.trim();
  const named = seller ? `seller ${seller}` : agency ? `agency ${agency}` : 'the responsible party';
  return [[box(v, 'channel_manager'), `case ${v.caseId} confirmed false data by ${named}: a penalty proposal waits`]];
}

export const caseNotices = {
  opened: (v: CaseView): Notice[] => [[box(v, 'customer_service'), `new case ${v.caseId} (${v.rule})`]],
  distributed: (v: CaseView): Notice[] => [
    [box(v, 'team_leader'), `case ${v.caseId} distributed to your team; due ${v.deadlines.investigationDueAt}`],
    [box(v, 'back_office'), `case ${v.caseId} waits to be claimed`],
  ],
  assigned: (v: CaseView, assigneeId: string): Notice[] => [[assigneeId, `case ${v.caseId} assigned to you`]],
  claimed: (v: CaseView, by: string): Notice[] => [[box(v, 'team_leader'), `case ${v.caseId} claimed by ${by}`]],
  assistRequested: (v: CaseView, kind: string): Notice[] => [
    [box(v, 'customer_service'), `case ${v.caseId}: ${kind} requested`],
  ],
  assistRecorded: (v: CaseView): Notice[] => toAssignee(v, `case ${v.caseId}: customer service recorded its result`),
  takenOver: (v: CaseView, previous: string | null): Notice[] =>
    previous ? [[previous, `case ${v.caseId} taken over by customer service`]] : [],
  reassigned: (v: CaseView, assigneeId: string, reason: string): Notice[] => [
    [assigneeId, `case ${v.caseId} reassigned to you: ${reason}`],
  ],
  submitted: (v: CaseView, outcome: string): Notice[] => [
    [box(v, 'compliance'), `case ${v.caseId} waits for verification: ${outcome}`],
  ],
  closed: (v: CaseView, outcome: string): Notice[] => [
    ...toAssignee(v, `case ${v.caseId} closed: ${outcome}`),
    [box(v, 'team_leader'), `case ${v.caseId} closed: ${outcome}`],
    // R7: false data confirmed against a seller or agency is a penalty proposal for channel management.
    ...(outcome === 'FALSE_INFO_CONFIRMED' ? penaltyProposed(v) : []),
  ],
  rejected: (v: CaseView, reason: string): Notice[] =>
    toAssignee(v, `case ${v.caseId} sent back: ${reason}; due ${v.deadlines.investigationDueAt}`),
  partiesJoined: (v: CaseView, newCustomers: number): Notice[] =>
    toAssignee(v, `case ${v.caseId}: ${newCustomers} more customer(s) share the value`),
  distributionReminder: (v: CaseView): Notice[] => [
    [box(v, 'customer_service'), `case ${v.caseId} must be distributed by ${v.deadlines.distributionDueAt}`],
  ],
  distributionEscalated: (v: CaseView, dueAt: string): Notice[] => [
    [supervisor(v), `case ${v.caseId} was not distributed by ${dueAt}`],
  ],
  reminder: (v: CaseView): Notice[] => {
    const message = `case ${v.caseId} is due ${v.deadlines.investigationDueAt}`;
    return [...toAssignee(v, message), [box(v, 'team_leader'), message]];
  },
  escalated: (v: CaseView, dueAt: string): Notice[] => {
    const message = `case ${v.caseId} missed its investigation deadline ${dueAt}`;
    return [
      [supervisor(v), message],
      [box(v, 'channel_manager'), message],
    ];
  },
  urgent: (v: CaseView, revisitDeadlineAt: string): Notice[] => {
    const message = `case ${v.caseId} is still open at the revisit deadline ${revisitDeadlineAt}`;
    return [
      [supervisor(v), message],
      [box(v, 'customer_service'), message],
    ];
  },
  coolingOffBreached: (v: CaseView): Notice[] => [
    [box(v, 'compliance'), `case ${v.caseId} outlived the cooling-off period`],
  ],
};
