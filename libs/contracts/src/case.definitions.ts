import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ApproveStep,
  AssignStep,
  AttachEvidenceStep,
  CasePolicy,
  CaseView,
  ClaimStep,
  DistributeStep,
  ReassignStep,
  RecordAssistStep,
  RejectStep,
  RequestAssistStep,
  SubmitStep,
  TakeOverStep,
} from './case.contract';

/** Update, signal and query handles of the case workflow; the API and the workflow use the same objects. */
export const caseUpdates = {
  distribute: defineUpdate<CaseView, [DistributeStep]>('distribute'),
  assign: defineUpdate<CaseView, [AssignStep]>('assign'),
  claim: defineUpdate<CaseView, [ClaimStep]>('claim'),
  attachEvidence: defineUpdate<CaseView, [AttachEvidenceStep]>('attachEvidence'),
  requestAssist: defineUpdate<CaseView, [RequestAssistStep]>('requestAssist'),
  recordAssist: defineUpdate<CaseView, [RecordAssistStep]>('recordAssist'),
  takeOver: defineUpdate<CaseView, [TakeOverStep]>('takeOver'),
  reassign: defineUpdate<CaseView, [ReassignStep]>('reassign'),
  submit: defineUpdate<CaseView, [SubmitStep]>('submit'),
  approve: defineUpdate<CaseView, [ApproveStep]>('approve'),
  reject: defineUpdate<CaseView, [RejectStep]>('reject'),
};

/** The name of a case step (an Update), and the payload it takes. */
export type CaseStepName = keyof typeof caseUpdates;
export type CaseStepOf<K extends CaseStepName> =
  (typeof caseUpdates)[K] extends UpdateDefinition<CaseView, [infer A]> ? A : never;
export type CaseStepDefinition<K extends CaseStepName> = UpdateDefinition<CaseView, [CaseStepOf<K>]>;

export const caseSignals = {
  /** The working-day calendar changed: recompute deadlines and re-arm timers. */
  calendarChanged: defineSignal<[]>('calendarChanged'),
  /** A policy's delivery receipt was signed: that policy's cooling-off clock can start. */
  receiptSigned: defineSignal<[{ policyNumber: string; date: string }]>('receiptSigned'),
  /** Detection found more customers sharing the case's value: the case shows them instead of a second case. */
  partiesJoined: defineSignal<[{ customerIds: string[]; policies: CasePolicy[] }]>('partiesJoined'),
};

export const caseViewQuery = defineQuery<CaseView>('caseView');

/** Signalled (with start) by every case event that put notifications in the outbox: deliver what is pending. */
export const notificationsPending = defineSignal<[]>('notificationsPending');
