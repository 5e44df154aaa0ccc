/**
 * Contract of the re-check campaign workflow (R6, Art. 14): a seller or agency with 2 verified mis-selling complaints
 * inside one 365-day window has the customer data of every in-force policy they sold re-checked by customer service,
 * one task per policy, each with a working-day deadline, a reminder and an escalation; a re-check that finds false
 * data opens a case (R5). Only types and pure values here: workflow code imports this file.
 */
import type { CaseActor, Correction } from './case.contract';

export const RECHECK_CAMPAIGN_WORKFLOW_TYPE = 'recheckCampaignWorkflow';

export const SUBJECT_KINDS = ['seller', 'agency'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * One campaign per subject and trigger: the first complaint of the window that reached the threshold names it, so
 * starting it again for the same window is a no-op and a later complaint in that window joins it.
 */
export function recheckCampaignId(kind: SubjectKind, code: string, firstComplaintId: string): string {
  return `campaign-${kind}-${code}-${firstComplaintId}`;
}

/** The finding key of the case a re-check task opens when it finds false data: one case per task, ever. */
export function recheckFindingKey(taskId: string): string {
  return `recheck-${taskId}`;
}

export const CAMPAIGN_STATUSES = ['RUNNING', 'COMPLETED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const RECHECK_TASK_STATES = ['OPEN', 'DONE'] as const;
export type RecheckTaskState = (typeof RECHECK_TASK_STATES)[number];
/** CONFIRMED: the data is true; CORRECTED: it was wrong and is corrected now; FALSE_DATA: false data, a case opens. */
export const RECHECK_OUTCOMES = ['CONFIRMED', 'CORRECTED', 'FALSE_DATA'] as const;
export type RecheckOutcome = (typeof RECHECK_OUTCOMES)[number];

export interface CampaignInput {
  campaignId: string;
  subjectKind: SubjectKind;
  subjectCode: string;
  /** The verified mis-selling complaints that reached the threshold. */
  complaintIds: string[];
  /** The 365-day window (YYYY-MM-DD, both included) that starts at the first complaint's received date. */
  windowStart: string;
  windowEnd: string;
  /** Working days each re-check task has (RECHECK_WORKING_DAYS when the campaign started). */
  workingDays: number;
  /** What a run that continued as new hands on; absent on the first run. */
  carried?: CampaignCarried;
}

/** The deadline of the tasks created together (at the start, or when a complaint joined). */
export interface CampaignDeadline {
  dueAt: string;
  /** Start of the last working day: customer service is reminded. */
  reminderAt: string;
  reminded: boolean;
  escalated: boolean;
}

export interface CampaignCarried {
  seq: number;
  open: number;
  deadlines: CampaignDeadline[];
  /** Complaints signalled but not yet recorded when the run continued as new. */
  pendingComplaintIds: string[];
}

/** What the campaign's query answers. */
export interface CampaignState {
  campaignId: string;
  status: CampaignStatus;
  complaintIds: string[];
  open: number;
  deadlines: CampaignDeadline[];
}

/** The recorded result when every task is done. */
export interface CampaignResult {
  policies: number;
  confirmed: number;
  corrected: number;
  falseData: number;
  casesOpened: number;
}

/** Customer service records one re-check (an Update of the campaign workflow). */
export interface CompleteRecheckStep {
  actor: CaseActor;
  taskId: string;
  outcome: RecheckOutcome;
  revisitMade: boolean;
  revisitResult?: string;
  /** CORRECTED: the true data, applied to the customer's record; FALSE_DATA: what was found, for the case. */
  corrections?: Correction[];
  note?: string;
}

export interface RecheckTaskView {
  taskId: string;
  campaignId: string;
  policyNumber: string;
  channel: string;
  branchCode: string;
  state: RecheckTaskState;
  dueAt: string;
  reminded: boolean;
  escalated: boolean;
  outcome: RecheckOutcome | null;
  revisitMade: boolean | null;
  revisitResult: string | null;
  corrections: Correction[] | null;
  caseId: string | null;
  doneBy: string | null;
  doneAt: string | null;
}

/** Tasks one call created (for the in-force policies not yet in the campaign) and how many are still open. */
export interface TaskBatch {
  created: number;
  open: number;
  /** The created tasks' deadline; null when none was created. */
  deadline: { dueAt: string; reminderAt: string } | null;
}

export interface CampaignActivities {
  /**
   * Writes the campaign row (once), then one task per in-force policy of the subject with its deadline counted from
   * `startedAt` (workflow time) on the stored calendar. Idempotent.
   */
  beginCampaign(input: Omit<CampaignInput, 'carried'> & { startedAt: string; seq: number }): Promise<TaskBatch>;
  /**
   * Records complaints that joined and, unless the campaign is finishing (`createTasks` false), adds tasks for
   * in-force policies accepted since. Idempotent.
   */
  addCampaignComplaints(input: {
    campaignId: string;
    complaintIds: string[];
    at: string;
    workingDays: number;
    createTasks: boolean;
    seq: number;
  }): Promise<TaskBatch>;
  /**
   * One re-check, in one transaction with its audit row: corrections applied (CORRECTED), the task done; then, for
   * FALSE_DATA, its case started (idempotent). Refuses (non-retryable) a task done already or out of scope.
   */
  recordRecheckTaskDone(input: {
    campaignId: string;
    step: CompleteRecheckStep;
    at: string;
  }): Promise<{ task: RecheckTaskView; open: number }>;
  /** Marks the open tasks with this deadline reminded and tells customer service; returns how many. */
  remindRecheckTasks(input: { campaignId: string; dueAt: string; seq: number }): Promise<number>;
  /** Marks the open tasks with this deadline escalated and tells compliance; returns how many. */
  escalateRecheckTasks(input: { campaignId: string; dueAt: string; seq: number }): Promise<number>;
  /** Records the result, marks the campaign COMPLETED and tells compliance and channel management. Idempotent. */
  finishCampaign(input: { campaignId: string; seq: number; at: string }): Promise<CampaignResult>;
}
