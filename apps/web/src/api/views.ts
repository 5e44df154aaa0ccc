/**
 * Answers of today's API, typed by hand from its services: the OpenAPI document does not describe response bodies
 * yet. Once it does (response DTOs), these give way to the generated `components['schemas']` types.
 */
export type CaseState = 'OPEN' | 'DISTRIBUTED' | 'INVESTIGATING' | 'PENDING_APPROVAL' | 'CLOSED';
export const CASE_STATES: CaseState[] = ['OPEN', 'DISTRIBUTED', 'INVESTIGATING', 'PENDING_APPROVAL', 'CLOSED'];
export type CaseOutcome = 'CLEARED' | 'CORRECTED' | 'FALSE_INFO_CONFIRMED';
export const DETECTION_RULES = [
  'SHARED_PHONE',
  'SHARED_BANK_ACCOUNT',
  'SELLER_CONTACT_USED',
  'THIRD_PARTY_PAYER',
  'ID_CONFLICT',
  'RECHECK_FAILED',
] as const;
export type DetectionRule = (typeof DETECTION_RULES)[number];
export type FindingRule = DetectionRule | 'MANUAL';
export const CHANNELS = ['agency', 'bancassurance', 'intermediary'] as const;
export const EVIDENCE_TYPES = [
  'customer_confirmation',
  'institution_statement',
  'seller_statement',
  'investigation_report',
  'other',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
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

export interface CasePolicy {
  policyNumber: string;
  channel: string;
  branchCode: string;
  sellerCode: string | null;
  agencyCode: string | null;
  receiptSignedDate: string | null;
  coolingOffDays: number;
}

export interface Correction {
  customerId: string;
  field: CorrectionField;
  oldValue: string;
  newValue: string;
  idType?: string;
}

export interface Deadlines {
  distributionDueAt: string | null;
  distributionReminderAt: string | null;
  investigationDueAt: string | null;
  reminderAt: string | null;
  revisitDeadlineAt: string | null;
  coolingOffEndsAt: string | null;
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
  policies: CasePolicy[];
  policyNumbers: string[];
  raisedBy: string;
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
  submission: {
    outcome: CaseOutcome;
    summary: string;
    corrections?: Correction[];
    policyCancelled?: boolean;
    responsibleSellerCode?: string;
    responsibleAgencyCode?: string;
    submittedBy: string;
  } | null;
  deadlines: Deadlines;
  dueAt: string | null;
  evidence: Array<{
    evidenceId: string;
    type: EvidenceType;
    sha256: string;
    uploadedBy: string;
    signedBy: string | null;
    at: string;
  }>;
  lastRejection: string | null;
  seq: number;
}

export interface CasePage {
  items: CaseView[];
  page: number;
  pageSize: number;
  total: number;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  actorId: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface EvidenceRow {
  id: string;
  type: EvidenceType;
  sha256: string;
  size: number | string;
  mediaType: string;
  fileName: string | null;
  uploadedBy: string;
  uploadedAt: string;
  signedBy: string | null;
  signedAt: string | null;
  keyId: string | null;
}

export interface CaseDetail {
  view: CaseView;
  timeline: TimelineEntry[];
  evidence: EvidenceRow[];
}

export interface EvidenceVerification {
  evidenceId: string;
  sha256: string;
  fileIntact: boolean;
  signed: boolean;
  signatureValid: boolean | null;
  signedBy: string | null;
  signedAt: string | null;
  keyId: string | null;
}

export interface Task {
  caseId: string;
  task: string;
  state: CaseState;
  dueAt: string | null;
}

export interface DetectionRunView {
  id: string;
  trigger: 'schedule' | 'manual';
  full: boolean;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  watermarkFrom: string | null;
  watermarkTo: string | null;
  businessDate: string;
  published: boolean;
  counts: Partial<Record<DetectionRule, { findings: number; new: number; grown: number }>>;
  casesOpened: number;
  casesTold: number;
  reconciled: number;
  error: string | null;
}

export interface FindingListRow {
  findingKey: string;
  rule: DetectionRule;
  change: 'new' | 'grown';
  customers: string[];
  policyNumbers: string[];
  channel: string;
  branchCode: string;
  sellerCode: string | null;
  caseId: string | null;
  caseState: CaseState | null;
  investigationDueAt: string | null;
  revisitDeadlineAt: string | null;
}

export interface ImportView {
  id: string;
  kind: string;
  status: string;
  fileName: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  totalRows: number;
  rowsRead: number;
  accepted: number;
  refused: number;
  bad: number;
  error: string | null;
}

export interface ImportReportLine {
  line: number;
  kind: 'refused' | 'bad';
  policyNumber: string | null;
  field: string;
  code: string;
  message: string;
}

export interface CalendarYear {
  year: number;
  status: 'official' | 'provisional' | 'unknown';
  days: Array<{ date: string; kind: 'holiday' | 'workday'; name: string | null; source: string }>;
}

export interface StoredParty {
  name: string | null;
  gender: string | null;
  birthDate: string | null;
  idType: string | null;
  idNumber: string | null;
  address: string | null;
  phones: string[];
  customerId: string | null;
}

export interface StoredPolicy {
  policyNumber: string;
  productCode: string;
  channel: string;
  branchCode: string;
  sellerCode: string;
  agencyCode: string | null;
  applicationDate: string;
  receiptSignedDate: string | null;
  coolingOffDays: number;
  status: 'ACCEPTED' | 'REJECTED';
  policyholder: StoredParty;
  insured: StoredParty | null;
  payment: { bankAccount: string | null; accountHolderName: string | null } | null;
}

export interface StaffMember {
  userId: string;
  name: string | null;
  role: string;
  branchCode: string;
  active: boolean;
}

export interface DirectoryView {
  code: string;
  name: string;
  kind?: string;
  channel: string;
  branchCode: string;
  agencyCode?: string | null;
  phone: string | null;
  address: string | null;
  qualifiedOn?: string | null;
  idType?: string | null;
  idNumber?: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CsvImportResult {
  rows: number;
  accepted: number;
  bad: Array<{ line: number; code: string | null; errors: Array<{ field: string; code: string; message: string }> }>;
}
