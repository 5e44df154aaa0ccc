/**
 * Contract of the case workflow (R5): its input, the human steps (Updates), the facts it is told (Signals),
 * its state (Query) and its activities. Shared by the API (which sends steps) and the worker (which runs them).
 * Only types and pure values here: workflow code imports this file.
 */
import type { Role } from './roles';

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

export function caseWorkflowId(findingKey: string): string {
  return `case-${findingKey}`;
}

export const CASE_STATES = ['OPEN', 'DISTRIBUTED', 'INVESTIGATING', 'PENDING_APPROVAL', 'CLOSED'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_OUTCOMES = ['CLEARED', 'CORRECTED', 'FALSE_INFO_CONFIRMED'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
/**
 * The detection rules (R4), MANUAL for suspicions found by revisit calls or otherwise (Art. 13), and
 * RECHECK_FALSE_DATA for false data a complaint re-check found (R6, Art. 14; not R10's RECHECK_FAILED).
 */
export const FINDING_RULES = [
  'SHARED_PHONE',
  'SHARED_BANK_ACCOUNT',
  'SELLER_CONTACT_USED',
  'THIRD_PARTY_PAYER',
  'ID_CONFLICT',
  'RECHECK_FAILED',
  'MANUAL',
  'RECHECK_FALSE_DATA',
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];
export const EVIDENCE_TYPES = [
  'customer_confirmation',
  'institution_statement',
  'seller_statement',
  'investigation_report',
  'other',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** Who acts: taken from the caller's verified token by the API, checked again by the workflow's validators. */
export interface CaseActor {
  userId: string;
  role: Role;
  branches: string[];
  channels: string[];
}

/** One policy of a case, with its own scope and cooling-off clock. */
export interface CasePolicy {
  policyNumber: string;
  channel: string;
  branchCode: string;
  sellerCode: string | null;
  agencyCode: string | null;
  /** YYYY-MM-DD, null until the policy delivery receipt is signed (then signalled). */
  receiptSignedDate: string | null;
  coolingOffDays: number;
}

export interface CaseInput {
  findingKey: string;
  rule: FindingRule;
  /** Hex of the blind index of the shared value (phone, account, address); never the value itself. */
  sharedValueHash: string;
  customerIds: string[];
  /** Every policy of the cluster; the case is visible to each one's branch and channel. */
  policies: CasePolicy[];
  /** The policy that raised the finding (the most recently changed one): the case goes to its channel and branch. */
  raisedBy: string;
}

/** The seven fields of a customer's identity and contact data a case may correct (Art. 2). */
export const CORRECTION_FIELDS = [
  'name',
  'gender',
  'birthDate',
  'idNumber',
  'bankAccount',
  'address',
  'phone',
] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

export interface EvidenceRef {
  evidenceId: string;
  type: EvidenceType;
  sha256: string;
  uploadedBy: string;
  /** For investigation reports: the signer, who must be the uploader. */
  signedBy: string | null;
  at: string;
}

/** The customer's true data a case records (CORRECTED, FALSE_INFO_CONFIRMED); the old values stay in history. */
export interface Correction {
  customerId: string;
  field: CorrectionField;
  /** The value found wrong (as entered) and the true one. */
  oldValue: string;
  newValue: string;
  /** With an idNumber correction: the new ID type, when it changes too (default: the customer's current one). */
  idType?: string;
}

export interface Deadlines {
  /** OPEN: end of the n-th working day after opening (CASE_DISTRIBUTION_WORKING_DAYS), by which it must be distributed. */
  distributionDueAt: string | null;
  /** Start of the last day to distribute: customer service is reminded. */
  distributionReminderAt: string | null;
  /** End of the 3rd working day after the channel received the case (or a reset after rejection). */
  investigationDueAt: string | null;
  /** Start of the last working day: when the reminder goes out. */
  reminderAt: string | null;
  /** The correction must be recorded before the cooling-off revisit call: cooling-off end minus a margin. */
  revisitDeadlineAt: string | null;
  /** End of the cooling-off period: passing it while open is a breach the reports count. */
  coolingOffEndsAt: string | null;
  /** The policy whose cooling-off period sets the two above (the earliest still running when the case opened). */
  coolingOffPolicy: string | null;
}

export interface CaseView {
  caseId: string;
  findingKey: string;
  state: CaseState;
  rule: FindingRule;
  channel: string;
  branchCode: string;
  sellerCode: string | null;
  customerIds: string[];
  /** The policies of the case; `policyNumbers` lists their numbers. */
  policies: CasePolicy[];
  policyNumbers: string[];
  /** The policy that raised the finding. */
  raisedBy: string;
  /** When the case opened: a policy whose cooling-off had ended by then does not set the case's clock. */
  openedAt: string;
  assigneeId: string | null;
  investigators: string[];
  takenOverByCustomerService: boolean;
  assistRequested: boolean;
  complianceSupervisorId: string | null;
  escalated: boolean;
  urgent: boolean;
  coolingOffBreached: boolean;
  reminderSent: boolean;
  outcome: CaseOutcome | null;
  /** The result awaiting verification (PENDING_APPROVAL), kept once approved. */
  submission: (Omit<SubmitStep, 'actor'> & { submittedBy: string }) | null;
  deadlines: Deadlines;
  /** The earliest open deadline. */
  dueAt: string | null;
  evidence: EvidenceRef[];
  lastRejection: string | null;
  seq: number;
}

// ---- steps (Updates): each returns the new view, or is refused by its validator with a reason ----

export interface DistributeStep {
  actor: CaseActor;
  channel?: string;
  branchCode?: string;
}
export interface AssignStep {
  actor: CaseActor;
  assigneeId: string;
}
export interface ClaimStep {
  actor: CaseActor;
}
export interface AttachEvidenceStep {
  actor: CaseActor;
  evidence: EvidenceRef;
}
export const ASSIST_KINDS = ['phone_revisit', 'meeting'] as const;
export interface RequestAssistStep {
  actor: CaseActor;
  kind: (typeof ASSIST_KINDS)[number];
  note: string;
}
export interface RecordAssistStep {
  actor: CaseActor;
  result: string;
}
export interface TakeOverStep {
  actor: CaseActor;
  reason: string;
}
export interface ReassignStep {
  actor: CaseActor;
  assigneeId: string;
  reason: string;
}
export interface SubmitStep {
  actor: CaseActor;
  outcome: CaseOutcome;
  summary: string;
  /** CORRECTED: at least one; FALSE_INFO_CONFIRMED: the true data, required unless the policy is cancelled. */
  corrections?: Correction[];
  /** FALSE_INFO_CONFIRMED: the policy is being cancelled instead of corrected. */
  policyCancelled?: boolean;
  responsibleSellerCode?: string;
  responsibleAgencyCode?: string;
}
export interface ApproveStep {
  actor: CaseActor;
  note?: string;
}
export interface RejectStep {
  actor: CaseActor;
  reason: string;
  newDueAt?: string;
}

// ---- activities ----

export interface CaseEventRecord {
  caseId: string;
  seq: number;
  type: string;
  actorId: string;
  at: string;
  detail: Record<string, unknown>;
  view: CaseView;
}

export interface CaseNotification {
  caseId: string;
  /** A user id, or a role@branch/channel mailbox such as `team_leader@GZ01/agency`. */
  recipient: string;
  kind: string;
  message: string;
}

export interface CaseActivities {
  /** Deadlines from the calendar in the database (so a calendar change is seen on the next computation). */
  computeDeadlines(input: {
    /** When the case opened: starts the distribution clock; policies whose cooling-off ended before it are out. */
    openedAt: string;
    receivedAt: string | null;
    investigationDays: number;
    investigationDueOverride?: string | null;
    policies: CasePolicy[];
  }): Promise<Deadlines>;
  /** Writes the read model (cases, case_events) and notifications; idempotent on (caseId, seq). */
  recordCaseEvent(event: CaseEventRecord, notifications: CaseNotification[]): Promise<void>;
  /**
   * The customers' records take the true values, in one transaction with the audit row; the old ones are kept in
   * history, and every policy of a corrected customer counts as changed for the next detection run.
   */
  applyCorrections(caseId: string, corrections: Correction[], actor: { userId: string; role: string }): Promise<void>;
  /** A compliance supervisor to receive an escalation (least loaded in the branch). */
  pickComplianceSupervisor(branchCode: string): Promise<string | null>;
}
