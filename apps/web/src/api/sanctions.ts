/**
 * The answers the penalties, reports and conduct-history pages use, as generated from the API's DTOs
 * (npm run api:client), and the values their forms offer.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Penalty = Schemas['PenaltyDto'];
export type PenaltyKind = Penalty['kind'];
export const PENALTY_KINDS: PenaltyKind[] = [
  'warning',
  'commission_deduction',
  'grade_demotion',
  'contract_termination',
  'other',
];
export type PenaltyProposal = Schemas['PenaltyProposalDto'];
export type AgencyIncident = Schemas['AgencyIncidentDto'];
export type IncidentKind = AgencyIncident['kind'];
export const INCIDENT_KINDS: IncidentKind[] = ['refused_true_data', 'provided_false_data'];
export type Referral = Schemas['ReferralDto'];
export type SubjectKind = Penalty['subjectKind'];
export const SUBJECT_KINDS: SubjectKind[] = ['seller', 'agency'];

export type ReportSummary = Schemas['ReportSummaryDto'];
export type ReportDetail = Schemas['ReportDetailDto'];
export type ReportData = Schemas['QuarterlyReportDataDto'];
export type CaseFiguresRow = Schemas['CaseFiguresRowDto'];

export type ConductHistory = Schemas['ConductHistoryDto'];
export type SubjectCase = Schemas['SubjectCaseDto'];
export type Complaint = Schemas['ComplaintDto'];
export type Campaign = Schemas['CampaignDto'];

/** A page of a list, as every conduct and report list answers. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
