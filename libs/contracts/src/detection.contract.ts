import type { FindingRule } from './case.contract';

/** Contract of the daily detection (R4): the workflow, its runs and the list customer service distributes. */

export const DETECTION_WORKFLOW_TYPE = 'detectionWorkflow';
export const DETECTION_SCHEDULE_ID = 'detection-daily';

export const DETECTION_RULES = [
  'SHARED_PHONE',
  'SHARED_BANK_ACCOUNT',
  'SELLER_CONTACT_USED',
  'THIRD_PARTY_PAYER',
  'ID_CONFLICT',
  'RECHECK_FAILED',
] as const;
export type DetectionRule = (typeof DETECTION_RULES)[number] & FindingRule;

export const RUN_TRIGGERS = ['schedule', 'manual'] as const;
export const RUN_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED'] as const;
export const FINDING_CHANGES = ['new', 'grown'] as const;

export interface DetectionWorkflowInput {
  /** The run's id (uuid); scheduled runs get one from the workflow id. */
  runId?: string;
  trigger: (typeof RUN_TRIGGERS)[number];
  /** true: check everything (the backlog self-check, R10); false: what changed since the last successful run. */
  full: boolean;
  requestedBy?: string;
}

export interface DetectionRunView {
  id: string;
  trigger: (typeof RUN_TRIGGERS)[number];
  full: boolean;
  status: (typeof RUN_STATUSES)[number];
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** Records changed after `watermarkFrom` (null: everything) up to `watermarkTo` were checked. */
  watermarkFrom: string | null;
  watermarkTo: string | null;
  /** The branch-local date whose list this run publishes, when it ran on a working day. */
  businessDate: string;
  published: boolean;
  counts: Partial<Record<DetectionRule, { findings: number; new: number; grown: number }>>;
  casesOpened: number;
  casesTold: number;
  /** Findings of earlier runs whose case was not yet started or told, taken into this run's list and opened. */
  reconciled: number;
  error: string | null;
}

/** One line of the suspicious list (可疑客户信息资料问题件清单), customer data masked. */
export interface FindingListRow {
  findingKey: string;
  rule: DetectionRule;
  change: (typeof FINDING_CHANGES)[number];
  customers: string[];
  /** The customers are withheld: a policy of the line is confidential and the reader holds no access request for it. */
  withheld: boolean;
  policyNumbers: string[];
  channel: string;
  branchCode: string;
  sellerCode: string | null;
  caseId: string | null;
  caseState: string | null;
  investigationDueAt: string | null;
  revisitDeadlineAt: string | null;
}

export interface DetectionActivities {
  /** Records the run and takes into its list every earlier finding whose case was not started or told. */
  beginRun(
    input: DetectionWorkflowInput & { runId: string },
  ): Promise<{ watermarkFrom: string | null; watermarkTo: string }>;
  /** Runs one rule, writes findings and the run's list; returns how many findings need a case opened or told. */
  detectRule(runId: string, rule: DetectionRule): Promise<{ findings: number; new: number; grown: number }>;
  /**
   * Starts case workflows for the run's findings without a case (new, and earlier ones reconciled by beginRun)
   * and signals open cases of grown ones, a page at a time.
   */
  openCases(
    runId: string,
    afterKey: string | null,
    pageSize: number,
  ): Promise<{ opened: number; told: number; lastKey: string | null }>;
  /** COMPLETED only when every finding of the run's list has its case started and told; else recorded FAILED. */
  finishRun(runId: string, outcome: { status: 'COMPLETED' | 'FAILED'; error?: string }): Promise<DetectionRunView>;
}
