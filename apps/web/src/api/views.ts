/**
 * The API's answers under the names the pages use: each is the generated type of its response DTO (npm run
 * api:client), so a changed answer breaks the build. The lists below are the values the forms offer.
 */
import type { components, operations } from './schema';

type Schemas = components['schemas'];

export type CaseState = Schemas['CaseViewDto']['state'];
export const CASE_STATES: CaseState[] = ['OPEN', 'DISTRIBUTED', 'INVESTIGATING', 'PENDING_APPROVAL', 'CLOSED'];
export type CaseOutcome = NonNullable<Schemas['CaseViewDto']['outcome']>;
export const DETECTION_RULES = [
  'SHARED_PHONE',
  'SHARED_BANK_ACCOUNT',
  'SELLER_CONTACT_USED',
  'THIRD_PARTY_PAYER',
  'ID_CONFLICT',
  'RECHECK_FAILED',
] as const;
export type DetectionRule = Schemas['FindingListRowDto']['rule'];
export type FindingRule = Schemas['CaseViewDto']['rule'];
export const CHANNELS = ['agency', 'bancassurance', 'intermediary'] as const;
export const EVIDENCE_TYPES = [
  'customer_confirmation',
  'institution_statement',
  'seller_statement',
  'investigation_report',
  'other',
] as const;
export type EvidenceType = Schemas['CaseEvidenceDto']['type'];
export const CORRECTION_FIELDS = [
  'name',
  'gender',
  'birthDate',
  'idNumber',
  'bankAccount',
  'address',
  'phone',
] as const;
export type CorrectionField = Schemas['CorrectionDto']['field'];

export type CasePolicy = Schemas['CasePolicyDto'];
export type Correction = Schemas['CorrectionDto'];
export type Deadlines = Schemas['CaseDeadlinesDto'];
export type CaseView = Schemas['CaseViewDto'];
export type CasePage = Schemas['CasePageDto'];
export type TimelineEntry = Schemas['CaseTimelineEntryDto'];
export type EvidenceRow = Schemas['CaseEvidenceDto'];
export type CaseDetail = Schemas['CaseDetailDto'];
export type EvidenceVerification = Schemas['EvidenceVerificationDto'];
export type Task = Schemas['CaseTaskDto'];
export type DetectionRunView = Schemas['DetectionRunViewDto'];
export type FindingListRow = Schemas['FindingListRowDto'];
export type ImportView = Schemas['ImportViewDto'];
export type ImportReportLine = Schemas['ReportLineDto'];
export type CalendarYear = Schemas['CalendarYearViewDto'];
export type StoredParty = Schemas['StoredPartyDto'];
export type StoredPolicy = Schemas['StoredPolicyDto'];
export type StaffMember = Schemas['StaffMemberDto'];
/** A seller or an agency, as the directory page shows either: the seller-only fields are absent for an agency. */
export type DirectoryView = Schemas['AgencyViewDto'] &
  Partial<Pick<Schemas['SellerViewDto'], 'kind' | 'agencyCode' | 'qualifiedOn' | 'idType' | 'idNumber'>>;
export type CsvImportResult = Schemas['CsvImportResultDto'];
/** A page of sellers or of agencies, as the directory table shows either. */
export type DirectoryPage = Omit<Schemas['AgencyPageDto'], 'items'> & { items: DirectoryView[] };
export const SELLER_KINDS: Array<Schemas['SellerViewDto']['kind']> = ['agent', 'bancassurance_manager', 'agency_staff'];
export type SellerListQuery = NonNullable<operations['SellersController_list']['parameters']['query']>;
