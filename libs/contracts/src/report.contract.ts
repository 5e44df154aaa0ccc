import type { CaseOutcome } from './case.contract';

/**
 * The quarterly report (Art. 22, 23) the general office files with the regional regulator and the insurance
 * industry association: its snapshot data, and the daily schedule that generates it on the first working day after
 * each quarter. Only types and pure values here: workflow code imports this file.
 */

export const REPORT_SCHEDULE_ID = 'quarterly-report-daily';
export const REPORT_SCHEDULE_WORKFLOW_TYPE = 'quarterlyReportScheduleWorkflow';
export const QUARTERLY_REPORT_WORKFLOW_TYPE = 'quarterlyReportWorkflow';

/** One report per quarter and branch, started once by the schedule whatever the number of days it runs on. */
export function quarterlyReportWorkflowId(quarter: string, branchCode: string): string {
  return `quarterly-report-${quarter}-${branchCode}`;
}

/** Version of the shape of `QuarterlyReportData`, stored in it, so an old snapshot is read as it was written. */
export const REPORT_DATA_FORMAT = 1;

export const REPORT_TITLE_ZH = '客户信息真实性管理季度报告';
export const REPORT_TITLE_EN = 'Quarterly report on the authenticity of customer information';

export interface ReportHeader {
  title: string;
  branchCode: string;
  quarter: string;
  /** Branch-local YYYY-MM-DD, both inclusive. */
  periodFirstDay: string;
  periodLastDay: string;
  generatedAt: string;
  generatedBy: string;
  version: number;
  /** The version this one corrects (null for version 1). */
  replacesId: string | null;
  replacesVersion: number | null;
  correctionNote: string | null;
}

/** A seller named responsible by a case closed FALSE_INFO_CONFIRMED in the quarter. */
export interface FalseInfoSellerRow {
  sellerCode: string;
  /** Null when the code is not in the directory. */
  sellerName: string | null;
  /** The seller's channel, else the channel of the cases. */
  channel: string;
  agencyCode: string | null;
  caseIds: string[];
}

/** An agency with incidents recorded in the quarter, or named responsible by a FALSE_INFO_CONFIRMED case. */
export interface AgencyRow {
  agencyCode: string;
  agencyName: string | null;
  channel: string;
  /** Incidents recorded in the quarter, by kind. */
  refusedTrueData: number;
  providedFalseData: number;
  /** Cases closed FALSE_INFO_CONFIRMED in the quarter naming the agency responsible. */
  falseInfoCaseIds: string[];
  /** Cases behind its incidents of the quarter. */
  incidentCaseIds: string[];
}

export interface AgencyIncidentRow {
  id: string;
  agencyCode: string;
  agencyName: string | null;
  channel: string;
  kind: 'refused_true_data' | 'provided_false_data';
  description: string;
  caseIds: string[];
  recordedAt: string;
}

export interface PenaltyRow {
  id: string;
  subjectKind: 'seller' | 'agency';
  subjectCode: string;
  subjectName: string | null;
  channel: string;
  kind: 'warning' | 'commission_deduction' | 'grade_demotion' | 'contract_termination' | 'other';
  /** Decimal text with two places ('5000.00'), null when the kind carries no amount. */
  amount: string | null;
  assessmentPeriod: string;
  reason: string;
  caseIds: string[];
  campaignId: string | null;
  decidedBy: string;
  decidedAt: string;
}

/** A referral to the compliance committee made or decided in the quarter, with its status at the quarter's end. */
export interface ReferralRow {
  id: string;
  subjectKind: 'seller' | 'agency';
  subjectCode: string;
  subjectName: string | null;
  channel: string;
  opinion: string;
  caseIds: string[];
  referredAt: string;
  status: 'REFERRED' | 'DECIDED';
  /** Only when decided by the quarter's end. */
  decision: string | null;
  decidedAt: string | null;
}

/** Distinct findings on the lists of the quarter's completed detection runs (by business date). */
export interface FindingsByRuleRow {
  rule: string;
  channel: string;
  findings: number;
}

/**
 * Cases by responsible branch and channel. SLA: of the cases closed in the quarter, those never escalated for a
 * missed investigation deadline (the dashboard's definition), and their share (4 decimals; null when none closed).
 */
export interface CaseFiguresRow {
  branchCode: string;
  channel: string;
  opened: number;
  closed: number;
  closedByOutcome: Record<CaseOutcome, number>;
  /** Cases escalated to compliance in the quarter: a missed distribution or investigation deadline. */
  escalated: number;
  closedWithinSla: number;
  slaRate: number | null;
  /** Cases whose cooling-off period ended in the quarter with the case still open. */
  coolingOffBreaches: number;
}

/** A re-check campaign (R6) started or completed in the quarter, as it stood at the quarter's end. */
export interface CampaignRow {
  id: string;
  subjectKind: 'seller' | 'agency';
  subjectCode: string;
  subjectName: string | null;
  channel: string;
  complaints: number;
  startedAt: string;
  status: 'RUNNING' | 'COMPLETED';
  finishedAt: string | null;
  /** The campaign's recorded result (counts, corrections, cases opened), when completed by the quarter's end. */
  result: unknown;
}

/** The snapshot: stored with the report, hashed, and the only input of its JSON, XLSX and PDF. */
export interface QuarterlyReportData {
  format: typeof REPORT_DATA_FORMAT;
  header: ReportHeader;
  falseInfoSellers: FalseInfoSellerRow[];
  agencies: AgencyRow[];
  agencyIncidents: AgencyIncidentRow[];
  penalties: PenaltyRow[];
  referrals: ReferralRow[];
  figures: {
    findingsByRule: FindingsByRuleRow[];
    cases: CaseFiguresRow[];
    /** The sum over the rows of `cases` (rate recomputed), with branchCode and channel '*'. */
    casesTotal: CaseFiguresRow;
  };
  campaigns: CampaignRow[];
}

export interface QuarterlyReportRef {
  reportId: string;
  quarter: string;
  branchCode: string;
  version: number;
  /** false: version 1 was there already (generated by hand, or by an earlier run). */
  created: boolean;
}

export interface ReportScheduleInput {
  /** Branch-local YYYY-MM-DD to decide for; default: the workflow's today (tests pass one). */
  today?: string;
}

export interface ReportScheduleResult {
  today: string;
  quarter: string | null;
  reports: QuarterlyReportRef[];
}

export interface ReportActivities {
  /**
   * The quarter whose report is due on `today` (the one that ended last, from the first working day after it) and
   * the branches with data in it that have no version 1 yet; quarter null when none is due.
   */
  quarterlyReportsDue(today: string): Promise<{ quarter: string | null; branches: string[] }>;
  /** Version 1 of the quarter's report for the branch, generated by the schedule unless it exists. */
  generateQuarterlyReport(input: { quarter: string; branchCode: string }): Promise<QuarterlyReportRef>;
}
