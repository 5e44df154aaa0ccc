import type {
  ApproveStep,
  AssignStep,
  AttachEvidenceStep,
  CaseActor,
  CaseView,
  ClaimStep,
  DistributeStep,
  ReassignStep,
  RecordAssistStep,
  RejectStep,
  RequestAssistStep,
  SubmitStep,
  TakeOverStep,
} from '../../../contracts/src/case.contract';

import { isRealIsoDate } from '../common/iso-date';
import { scopeCovers } from '../scope';
import { checkCorrections } from './correction';

/**
 * Who may take which step of a case, and when (R5). Each check returns the reason for refusing, or null.
 * Pure: the case workflow's Update validators call these before anything changes.
 */

export type Refusal = string | null;

function inScope(actor: CaseActor, view: Pick<CaseView, 'branchCode' | 'channel'>): boolean {
  return scopeCovers(actor, view.branchCode, view.channel);
}

function need(view: CaseView, actor: CaseActor, roles: string[], states: CaseView['state'][]): Refusal {
  if (!roles.includes(actor.role)) return `role ${actor.role} may not do this; allowed: ${roles.join(', ')}`;
  if (!inScope(actor, view)) return `case ${view.caseId} is outside your scope`;
  if (!states.includes(view.state)) return `case is ${view.state}; this step needs ${states.join(' or ')}`;
  return null;
}

function blank(s: string | undefined | null): boolean {
  return s === undefined || s === null || s.trim() === '';
}

export function checkDistribute(view: CaseView, step: DistributeStep): Refusal {
  if (step.branchCode !== undefined && blank(step.branchCode)) return 'branchCode cannot be blank';
  if (step.channel !== undefined && blank(step.channel)) return 'channel cannot be blank';
  const target = { branchCode: step.branchCode ?? view.branchCode, channel: step.channel ?? view.channel };
  if (!inScope(step.actor, target)) return `the target ${target.branchCode}/${target.channel} is outside your scope`;
  return need(view, step.actor, ['customer_service'], ['OPEN']);
}

export function checkAssign(view: CaseView, step: AssignStep): Refusal {
  if (blank(step.assigneeId)) return 'assigneeId is required';
  return need(view, step.actor, ['team_leader'], ['DISTRIBUTED']);
}

export function checkClaim(view: CaseView, step: ClaimStep): Refusal {
  return need(view, step.actor, ['back_office'], ['DISTRIBUTED']);
}

export function checkAttachEvidence(view: CaseView, step: AttachEvidenceStep): Refusal {
  const refusal = need(view, step.actor, ['back_office', 'customer_service', 'team_leader'], ['INVESTIGATING']);
  if (refusal) return refusal;
  if (step.actor.userId !== view.assigneeId && step.actor.role !== 'customer_service') {
    return 'only the assignee or customer service adds evidence';
  }
  if (step.evidence.uploadedBy !== step.actor.userId) return 'evidence must be attached by its uploader';
  if (step.evidence.type === 'investigation_report' && step.evidence.signedBy !== step.actor.userId) {
    return 'an investigation report must be signed by the investigator who uploads it';
  }
  if (view.evidence.some((e) => e.evidenceId === step.evidence.evidenceId)) return 'this evidence is already attached';
  return null;
}

export function checkRequestAssist(view: CaseView, step: RequestAssistStep): Refusal {
  const refusal = need(view, step.actor, ['back_office'], ['INVESTIGATING']);
  if (refusal) return refusal;
  if (step.actor.userId !== view.assigneeId) return 'only the assignee asks customer service for help';
  if (view.assistRequested) return 'an assist request is already open';
  return blank(step.note) ? 'note is required' : null;
}

export function checkRecordAssist(view: CaseView, step: RecordAssistStep): Refusal {
  const refusal = need(view, step.actor, ['customer_service'], ['INVESTIGATING']);
  if (refusal) return refusal;
  if (!view.assistRequested) return 'no assist was requested';
  return blank(step.result) ? 'result is required' : null;
}

export function checkTakeOver(view: CaseView, step: TakeOverStep): Refusal {
  const refusal = need(view, step.actor, ['customer_service'], ['DISTRIBUTED', 'INVESTIGATING']);
  if (refusal) return refusal;
  if (view.assigneeId === step.actor.userId) return 'you already hold this case';
  return blank(step.reason) ? 'reason is required' : null;
}

export function checkReassign(view: CaseView, step: ReassignStep): Refusal {
  const refusal = need(view, step.actor, ['team_leader', 'compliance'], ['INVESTIGATING']);
  if (refusal) return refusal;
  if (blank(step.assigneeId)) return 'assigneeId is required';
  if (step.assigneeId === view.assigneeId) return `${step.assigneeId} already holds this case`;
  return blank(step.reason) ? 'reason is required' : null;
}

/** Evidence each outcome needs before it can be submitted (Art. 13). */
export function missingEvidence(view: CaseView, step: SubmitStep): string[] {
  const has = (type: string) => view.evidence.some((e) => e.type === type);
  const missing: string[] = [];
  const signedReport = view.evidence.some(
    (e) => e.type === 'investigation_report' && e.signedBy !== null && view.investigators.includes(e.signedBy),
  );
  if (!signedReport) missing.push('investigation_report signed by an investigator');
  if ((step.outcome === 'CLEARED' || step.outcome === 'CORRECTED') && !has('customer_confirmation'))
    missing.push('customer_confirmation');
  if (step.outcome === 'FALSE_INFO_CONFIRMED' && !has('seller_statement') && !has('institution_statement')) {
    missing.push('seller_statement or institution_statement');
  }
  return missing;
}

/** `today` is the branch-local date, for the birth-date and ID checks of corrections. */
export function checkSubmit(view: CaseView, step: SubmitStep, today: string): Refusal {
  const refusal = need(view, step.actor, ['back_office', 'customer_service'], ['INVESTIGATING']);
  if (refusal) return refusal;
  if (step.actor.userId !== view.assigneeId) return 'only the assignee submits the result';
  if (blank(step.summary)) return 'summary is required';
  if (step.corrections !== undefined && !Array.isArray(step.corrections)) return 'corrections must be a list';
  const corrections = step.corrections ?? [];
  if (step.policyCancelled !== undefined && step.outcome !== 'FALSE_INFO_CONFIRMED')
    return 'policyCancelled goes only with FALSE_INFO_CONFIRMED';
  if (step.outcome === 'CLEARED' && corrections.length > 0)
    return 'a CLEARED outcome corrects nothing; submit CORRECTED';
  if (step.outcome === 'CORRECTED' && corrections.length === 0) {
    return 'a CORRECTED outcome needs corrections (customer, field, old and new value)';
  }
  if (step.outcome === 'FALSE_INFO_CONFIRMED' && corrections.length === 0 && step.policyCancelled !== true) {
    return 'a FALSE_INFO_CONFIRMED outcome records the true data in corrections, unless the policy is cancelled (policyCancelled)';
  }
  const wrong = checkCorrections(corrections, view.customerIds, today);
  if (wrong) return wrong;
  if (
    step.outcome === 'FALSE_INFO_CONFIRMED' &&
    blank(step.responsibleSellerCode) &&
    blank(step.responsibleAgencyCode)
  ) {
    return 'a FALSE_INFO_CONFIRMED outcome names the responsible seller or agency';
  }
  const missing = missingEvidence(view, step);
  return missing.length > 0 ? `evidence missing for ${step.outcome}: ${missing.join(', ')}` : null;
}

function checkVerifier(view: CaseView, actor: CaseActor): Refusal {
  const refusal = need(view, actor, ['compliance'], ['PENDING_APPROVAL']);
  if (refusal) return refusal;
  return view.investigators.includes(actor.userId)
    ? 'whoever investigated or submitted a case may not verify it'
    : null;
}

export function checkApprove(view: CaseView, step: ApproveStep): Refusal {
  return checkVerifier(view, step.actor);
}

export function checkReject(view: CaseView, step: RejectStep): Refusal {
  const refusal = checkVerifier(view, step.actor);
  if (refusal) return refusal;
  if (blank(step.reason)) return 'reason is required';
  if (step.newDueAt !== undefined && !isIsoInstant(step.newDueAt)) return 'newDueAt must be an ISO-8601 instant';
  return null;
}

/** Strict ISO-8601 instant with a zone (Date.parse alone accepts '1', 'March 7' and 30 February). */
function isIsoInstant(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  return m !== null && isRealIsoDate(m[1]) && !Number.isNaN(Date.parse(value));
}

/** The earliest deadline still ahead of the case, for "due" in lists and for the timer. */
export function earliestDue(view: Pick<CaseView, 'deadlines' | 'state'>): string | null {
  if (view.state === 'CLOSED') return null;
  const d = view.deadlines;
  const candidates = [
    view.state === 'OPEN' ? d.distributionDueAt : null,
    view.state === 'DISTRIBUTED' || view.state === 'INVESTIGATING' ? d.investigationDueAt : null,
    d.revisitDeadlineAt,
    d.coolingOffEndsAt,
  ].filter((x): x is string => x !== null);
  return candidates.length === 0 ? null : candidates.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}
